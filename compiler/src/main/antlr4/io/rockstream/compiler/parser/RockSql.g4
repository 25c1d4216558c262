/*
 * RockStream's SQL grammar: the PostgreSQL dialect subset RockStream understands.
 *
 * Expressions are written as a ladder of rules, one per PostgreSQL precedence level
 * (loosest first), instead of one left-recursive rule: the bounds of BETWEEN and the
 * operand of LIKE/IN must stop below AND and the comparisons, and the ladder lets the
 * grammar say so directly. It also keeps SLL prediction cheap.
 *
 * Keywords are split like PostgreSQL's: reserved words are never identifiers;
 * nonReservedKeyword words are identifiers anywhere; typeFunctionKeyword words (LEFT,
 * RIGHT) name columns and functions but are not table names or bare aliases, so that
 * "FROM a LEFT JOIN b" stays unambiguous.
 */
grammar RockSql;

// The package comes from the directory: the ANTLR maven plugin derives it from the path.

options { caseInsensitive = true; }

// ---------------------------------------------------------------- statements

script
    : statement? (SEMICOLON statement?)* EOF
    ;

singleExpression
    : expr EOF
    ;

statement
    : query                                                          # queryStatement
    | createTable                                                    # createTableStatement
    | createView                                                     # createViewStatement
    | drop                                                           # dropStatement
    | insert                                                         # insertStatement
    | update                                                         # updateStatement
    | delete                                                         # deleteStatement
    | EXPLAIN INCREMENTAL? statement                                 # explainStatement
    | EXPLAIN INCREMENTAL tableName                                  # explainViewStatement
    | REFRESH MATERIALIZED VIEW tableName                            # refreshStatement
    | ALTER MATERIALIZED VIEW tableName
      SET LPAREN viewOption (COMMA viewOption)* RPAREN               # alterViewSetStatement
    | ALTER MATERIALIZED VIEW tableName
      RESET LPAREN identifier (COMMA identifier)* RPAREN             # alterViewResetStatement
    | SHOW showTarget                                                # showStatement
    | SET (SESSION | LOCAL)? setTarget (EQ | TO) setValue            # setStatement
    | SET (SESSION | LOCAL)? TIME ZONE (setValue | LOCAL)            # setTimeZoneStatement
    | (BEGIN | START) (WORK | TRANSACTION)?                          # beginStatement
    | (COMMIT | END) (WORK | TRANSACTION)?                           # commitStatement
    | (ROLLBACK | ABORT) (WORK | TRANSACTION)?                       # rollbackStatement
    ;

createTable
    : CREATE TABLE (IF NOT EXISTS)? tableName
      LPAREN (tableElement (COMMA tableElement)*)? RPAREN
    ;

tableElement
    : columnDefinition
    | tableConstraint
    ;

columnDefinition
    : identifier typeName columnConstraint*
    ;

columnConstraint
    : (CONSTRAINT identifier)? columnConstraintBody
    ;

columnConstraintBody
    : NOT NULL                                                       # notNullConstraint
    | NULL                                                           # nullConstraint
    | PRIMARY KEY                                                    # primaryKeyConstraint
    | DEFAULT expr                                                   # defaultConstraint
    | UNIQUE                                                         # uniqueConstraint
    | CHECK LPAREN expr RPAREN                                       # checkConstraint
    | REFERENCES tableName (LPAREN identifierList RPAREN)?           # referencesConstraint
    ;

tableConstraint
    : (CONSTRAINT identifier)? tableConstraintBody
    ;

tableConstraintBody
    : PRIMARY KEY LPAREN identifierList RPAREN                       # tablePrimaryKey
    | UNIQUE LPAREN identifierList RPAREN                            # tableUnique
    | CHECK LPAREN expr RPAREN                                       # tableCheck
    | FOREIGN KEY LPAREN identifierList RPAREN
      REFERENCES tableName (LPAREN identifierList RPAREN)?           # tableForeignKey
    ;

createView
    : CREATE (OR REPLACE)? MATERIALIZED? VIEW (IF NOT EXISTS)? tableName
      (LPAREN identifierList RPAREN)?
      (WITH LPAREN viewOption (COMMA viewOption)* RPAREN)?
      AS query
    ;

viewOption
    : identifier (DOT identifier)* (EQ optionValue)?
    ;

optionValue
    : (PLUS | MINUS)? (INTEGER_VALUE | DECIMAL_VALUE)
    | string
    | TRUE
    | FALSE
    | ON
    | identifier
    ;

drop
    : DROP (TABLE | VIEW | MATERIALIZED VIEW) (IF EXISTS)? tableName (COMMA tableName)*
      (CASCADE | RESTRICT)?
    ;

insert
    : INSERT INTO tableName (LPAREN identifierList RPAREN)? insertSource
    ;

insertSource
    : DEFAULT VALUES
    | query
    ;

update
    : UPDATE tableName (AS? colId)? SET assignment (COMMA assignment)* (WHERE expr)?
    ;

assignment
    : identifier EQ (DEFAULT | expr)
    ;

delete
    : DELETE FROM tableName (AS? colId)? (WHERE expr)?
    ;

showTarget
    : TABLES
    | VIEWS
    | MATERIALIZED VIEWS
    | ALL
    | TIME ZONE
    | identifier (DOT identifier)*
    ;

setTarget
    : identifier (DOT identifier)*
    ;

setValue
    : DEFAULT
    | optionValue (COMMA optionValue)*
    ;

// ---------------------------------------------------------------- queries

query
    : withClause? queryExpression orderByClause? limitClause* lockingClause?
    ;

lockingClause
    : FOR (UPDATE | SHARE | NO KEY UPDATE | KEY SHARE) .*?
    ;

withClause
    : WITH RECURSIVE? commonTableExpression (COMMA commonTableExpression)*
    ;

commonTableExpression
    : identifier (LPAREN identifierList RPAREN)? AS (NOT? MATERIALIZED)? LPAREN query RPAREN
    ;

queryExpression
    : queryTerm (setOperator=(UNION | EXCEPT) setQuantifier? queryTerm)*
    ;

queryTerm
    : queryPrimary (INTERSECT setQuantifier? queryPrimary)*
    ;

queryPrimary
    : selectCore                                                     # selectPrimary
    | valuesClause                                                   # valuesPrimary
    | TABLE tableName                                                # tablePrimaryQuery
    | LPAREN query RPAREN                                            # nestedPrimary
    ;

setQuantifier
    : ALL
    | DISTINCT
    ;

selectCore
    : SELECT (ALL | DISTINCT (ON LPAREN expr (COMMA expr)* RPAREN)?)? selectList?
      fromClause?
      (WHERE where=expr)?
      (GROUP BY setQuantifier? groupBy+=expr (COMMA groupBy+=expr)*)?
      (HAVING having=expr)?
      windowClause?
    ;

/** Named windows; parsed so that the builder can say they are not supported yet. */
windowClause
    : WINDOW colId AS LPAREN windowSpecification RPAREN (COMMA colId AS LPAREN windowSpecification RPAREN)*
    ;

selectList
    : selectItem (COMMA selectItem)*
    ;

selectItem
    : STAR                                                           # allColumns
    | qualifiedName DOT STAR                                         # qualifiedAllColumns
    | expr (AS label | bareLabel)?                                   # expressionItem
    ;

valuesClause
    : VALUES valuesRow (COMMA valuesRow)*
    ;

valuesRow
    : LPAREN valuesItem (COMMA valuesItem)* RPAREN
    ;

valuesItem
    : DEFAULT
    | expr
    ;

fromClause
    : FROM tableReference (COMMA tableReference)*
    ;

tableReference
    : tablePrimary joinPart*
    ;

joinPart
    : CROSS JOIN tablePrimary                                        # crossJoin
    | NATURAL joinType? JOIN tablePrimary                            # naturalJoin
    | joinType? JOIN tablePrimary joinCondition                      # conditionalJoin
    ;

joinType
    : INNER
    | LEFT OUTER?
    | RIGHT OUTER?
    | FULL OUTER?
    ;

joinCondition
    : ON expr
    | USING LPAREN identifierList RPAREN
    ;

tablePrimary
    : functionName LPAREN (expr (COMMA expr)*)? RPAREN aliasClause?  # functionTable
    | tableName aliasClause?                                         # namedTable
    | LPAREN query RPAREN aliasClause?                               # subqueryTable
    | LPAREN tableReference RPAREN                                   # parenthesizedJoin
    ;

aliasClause
    : AS? colId (LPAREN identifierList RPAREN)?
    ;

orderByClause
    : ORDER BY sortItem (COMMA sortItem)*
    ;

sortItem
    : expr direction=(ASC | DESC)? (NULLS nulls=(FIRST | LAST))?
    ;

limitClause
    : LIMIT (ALL | expr)                                             # limit
    | OFFSET expr (ROW | ROWS)?                                      # offset
    | FETCH (FIRST | NEXT) expr? (ROW | ROWS) ONLY                   # fetchFirst
    ;

// ---------------------------------------------------------------- expressions

expr
    : orExpr
    ;

orExpr
    : andExpr (OR andExpr)*
    ;

andExpr
    : notExpr (AND notExpr)*
    ;

notExpr
    : NOT notExpr
    | isExpr
    ;

isExpr
    : comparison isSuffix*
    ;

isSuffix
    : IS NOT? NULL                                                   # isNullSuffix
    | ISNULL                                                         # isnullSuffix
    | NOTNULL                                                        # notnullSuffix
    | IS NOT? (TRUE | FALSE | UNKNOWN)                               # isBooleanSuffix
    | IS NOT? DISTINCT FROM comparison                               # isDistinctFromSuffix
    ;

comparison
    : predicate (comparisonOperator (predicate | quantifiedSubquery))*
    ;

quantifiedSubquery
    : quantifier=(ANY | SOME | ALL) LPAREN query RPAREN
    | quantifier=(ANY | SOME | ALL) LPAREN expr RPAREN
    ;

comparisonOperator
    : EQ | NEQ | LT | LTE | GT | GTE
    ;

predicate
    : otherOperation predicateSuffix*
    ;

predicateSuffix
    : NOT? BETWEEN (SYMMETRIC | ASYMMETRIC)? otherOperation AND otherOperation  # betweenSuffix
    | NOT? IN LPAREN query RPAREN                                                # inSubquerySuffix
    | NOT? IN LPAREN expr (COMMA expr)* RPAREN                                   # inListSuffix
    | NOT? (LIKE | ILIKE) otherOperation (ESCAPE otherOperation)?                # likeSuffix
    | (TILDE_TILDE | NOT_TILDE_TILDE | TILDE_TILDE_STAR | NOT_TILDE_TILDE_STAR) otherOperation # tildeLikeSuffix
    ;

/** PostgreSQL's "any other operator" level: ||, the regular-expression matches and OPERATOR(...). */
otherOperation
    : additive (otherOperator additive)*
    ;

otherOperator
    : CONCAT
    | TILDE
    | NOT_TILDE
    | TILDE_STAR
    | NOT_TILDE_STAR
    | OPERATOR LPAREN (identifier DOT)* operatorSymbol RPAREN
    ;

operatorSymbol
    : CONCAT | TILDE | NOT_TILDE | TILDE_STAR | NOT_TILDE_STAR | EQ | NEQ | LT | LTE | GT | GTE
    | PLUS | MINUS | STAR | SLASH | PERCENT | CARET
    | TILDE_TILDE | NOT_TILDE_TILDE | TILDE_TILDE_STAR | NOT_TILDE_TILDE_STAR
    ;

additive
    : multiplicative ((PLUS | MINUS) multiplicative)*
    ;

multiplicative
    : power ((STAR | SLASH | PERCENT) power)*
    ;

power
    : unary (CARET unary)*
    ;

unary
    : (PLUS | MINUS | SQUARE_ROOT | CUBE_ROOT) unary
    | castExpr
    ;

castExpr
    : primary castSuffix* (COLLATE collationName)?
    ;

collationName
    : (identifier DOT)* label
    ;

castSuffix
    : DOUBLE_COLON typeName
    | LBRACKET expr RBRACKET
    ;

primary
    : literal                                                        # literalPrimary
    | PARAMETER                                                      # parameterPrimary
    | INTERVAL string intervalField                                  # intervalFieldLiteral
    | constantTypeName string                                        # typedLiteral
    | CAST LPAREN expr AS typeName RPAREN                            # cast
    | CASE operand=expr? whenClause+ (ELSE otherwise=expr)? END      # case
    | EXISTS LPAREN query RPAREN                                     # exists
    | ARRAY LPAREN query RPAREN                                      # arraySubquery
    | ARRAY LBRACKET (expr (COMMA expr)*)? RBRACKET                  # arrayConstructor
    | LPAREN query RPAREN                                            # scalarSubquery
    | LPAREN expr RPAREN DOT identifier                              # fieldSelection
    | LPAREN expr (COMMA expr)* RPAREN                               # parenthesized
    | ROW LPAREN (expr (COMMA expr)*)? RPAREN                        # explicitRow
    | EXTRACT LPAREN extractField FROM expr RPAREN                   # extract
    | SUBSTRING LPAREN expr (FROM expr)? (FOR expr)? RPAREN          # substring
    | OVERLAY LPAREN expr PLACING expr FROM expr (FOR expr)? RPAREN  # overlay
    | POSITION LPAREN otherOperation IN otherOperation RPAREN        # position
    | TRIM LPAREN trimSide=(BOTH | LEADING | TRAILING)? (chars=expr)? FROM expr RPAREN # trimFrom
    | TRIM LPAREN trimSide=(BOTH | LEADING | TRAILING)? expr (COMMA expr)* RPAREN     # trimList
    | name=(CURRENT_DATE | CURRENT_TIME | CURRENT_TIMESTAMP | LOCALTIME | LOCALTIMESTAMP)
      (LPAREN INTEGER_VALUE RPAREN)?                                 # specialFunction
    | functionName LPAREN functionArguments? RPAREN
      (FILTER LPAREN WHERE expr RPAREN)? overClause?                 # functionCall
    | qualifiedName                                                  # columnReference
    ;

whenClause
    : WHEN condition=expr THEN result=expr
    ;

functionName
    : qualifiedName
    ;

functionArguments
    : STAR
    | setQuantifier? expr (COMMA expr)* orderByClause?
    ;

overClause
    : OVER (windowName=colId | LPAREN windowSpecification RPAREN)
    ;

windowSpecification
    : existingWindow=colId? (PARTITION BY expr (COMMA expr)*)? orderByClause? frameClause?
    ;

frameClause
    : unit=(ROWS | RANGE | GROUPS) (BETWEEN start=frameBound AND end=frameBound | start=frameBound)
      frameExclusion?
    ;

// UNBOUNDED comes first: "unbounded PRECEDING" could also read as a column named unbounded.
frameBound
    : UNBOUNDED (PRECEDING | FOLLOWING)                              # unboundedFrameBound
    | CURRENT ROW                                                    # currentRowFrameBound
    | expr (PRECEDING | FOLLOWING)                                   # offsetFrameBound
    ;

frameExclusion
    : EXCLUDE (CURRENT ROW | GROUP | TIES | NO OTHERS)
    ;

extractField
    : identifier
    | string
    ;

intervalField
    : YEAR | MONTH | DAY | HOUR | MINUTE | SECOND
    | YEAR TO MONTH
    | DAY TO (HOUR | MINUTE | SECOND)
    | HOUR TO (MINUTE | SECOND)
    | MINUTE TO SECOND
    ;

literal
    : INTEGER_VALUE                                                  # integerLiteral
    | DECIMAL_VALUE                                                  # decimalLiteral
    | string                                                         # stringLiteral
    | TRUE                                                           # trueLiteral
    | FALSE                                                          # falseLiteral
    | NULL                                                           # nullLiteral
    ;

string
    : STRING
    | ESCAPE_STRING
    | DOLLAR_STRING
    ;

// ---------------------------------------------------------------- types

constantTypeName
    : DATE
    | TIME (LPAREN INTEGER_VALUE RPAREN)? timeZone?
    | TIMESTAMP (LPAREN INTEGER_VALUE RPAREN)? timeZone?
    | INTERVAL
    | IDENTIFIER
    ;

typeName
    : baseTypeName arrayBounds?
    ;

arrayBounds
    : (LBRACKET INTEGER_VALUE? RBRACKET)+
    | ARRAY (LBRACKET INTEGER_VALUE? RBRACKET)?
    ;

baseTypeName
    : DOUBLE PRECISION                                               # doublePrecisionType
    | (CHARACTER | CHAR) VARYING? typeModifiers?                     # characterType
    | TIME typeModifiers? timeZone?                                  # timeType
    | TIMESTAMP typeModifiers? timeZone?                             # timestampType
    | INTERVAL intervalField? typeModifiers?                         # intervalType
    | identifier (DOT identifier)* typeModifiers?                    # genericType
    ;

typeModifiers
    : LPAREN INTEGER_VALUE (COMMA INTEGER_VALUE)* RPAREN
    ;

timeZone
    : WITH TIME ZONE
    | WITHOUT TIME ZONE
    ;

// ---------------------------------------------------------------- names

tableName
    : colId (DOT identifier)*
    ;

qualifiedName
    : identifier (DOT identifier)*
    ;

identifierList
    : identifier (COMMA identifier)*
    ;

/** Names a column, a function or anything else that is not a table or an alias. */
identifier
    : colId
    | typeFunctionKeyword
    ;

/** Names a table or an alias. */
colId
    : IDENTIFIER
    | QUOTED_IDENTIFIER
    | nonReservedKeyword
    ;

/** An alias after AS: any word, reserved or not. */
label
    : identifier
    | reservedKeyword
    ;

/**
 * An alias without AS: words that cannot continue an expression or start a clause. Where a
 * word could be both (INTERVAL '1' DAY), the alternative order makes it continue the
 * expression, as in PostgreSQL.
 */
bareLabel
    : IDENTIFIER
    | QUOTED_IDENTIFIER
    | bareLabelKeyword
    ;

typeFunctionKeyword
    : LEFT | RIGHT
    ;

nonReservedKeyword
    : bareLabelKeyword
    | ESCAPE | FILTER | OVER | SYMMETRIC | ASYMMETRIC
    ;

bareLabelKeyword
    : ABORT | ALTER | RESET | ARRAY | BEGIN | BOTH | CASCADE | COMMIT | CONSTRAINT | DELETE | DROP | EXPLAIN
    | EXTRACT | FOREIGN | IF | INCREMENTAL | INSERT | KEY | LEADING | LOCAL | MATERIALIZED
    | NEXT | POSITION | PRECISION | RECURSIVE | REPLACE | RESTRICT | ROLLBACK | SESSION | SHOW
    | START | SUBSTRING | TABLES | TRAILING | TRANSACTION | TRIM | UPDATE | VARYING | VIEW
    | VIEWS | WITHOUT | WORK | ZONE
    | BY | DAY | HOUR | MINUTE | MONTH | SECOND | YEAR | UNKNOWN | SET | VALUES | FIRST | LAST
    | NULLS | ROW | ROWS | INTERVAL | TIME | TIMESTAMP | DATE | CHARACTER | CHAR | DOUBLE
    | PARTITION | RANGE | GROUPS | UNBOUNDED | PRECEDING | FOLLOWING | CURRENT | EXCLUDE | TIES
    | NO | OTHERS | REFRESH | SHARE | OVERLAY | OPERATOR
    ;

reservedKeyword
    : ALL | AND | ANY | AS | ASC | PLACING | BETWEEN | CASE | CAST | CHECK | COLLATE | CREATE | CROSS | CURRENT_DATE
    | CURRENT_TIME | CURRENT_TIMESTAMP | DEFAULT | DESC | DISTINCT | ELSE | END | EXCEPT | EXISTS
    | FALSE | FETCH | FOR | FROM | FULL | GROUP | HAVING | ILIKE | IN | INNER | INTERSECT | INTO
    | IS | ISNULL | JOIN | LIKE | LIMIT | LOCALTIME | LOCALTIMESTAMP | NATURAL | NOT | NOTNULL
    | NULL | OFFSET | ON | ONLY | OR | ORDER | OUTER | PRIMARY | REFERENCES | SELECT | TABLE
    | SOME | THEN | TO | TRUE | UNION | UNIQUE | USING | WHEN | WHERE | WINDOW | WITH
    ;

// ---------------------------------------------------------------- lexer

ABORT: 'ABORT';
ALTER: 'ALTER';
RESET: 'RESET';
ALL: 'ALL';
AND: 'AND';
ANY: 'ANY';
ARRAY: 'ARRAY';
AS: 'AS';
ASC: 'ASC';
ASYMMETRIC: 'ASYMMETRIC';
BEGIN: 'BEGIN';
BETWEEN: 'BETWEEN';
BOTH: 'BOTH';
BY: 'BY';
CASCADE: 'CASCADE';
CASE: 'CASE';
CAST: 'CAST';
CHAR: 'CHAR';
CHARACTER: 'CHARACTER';
CHECK: 'CHECK';
COLLATE: 'COLLATE';
COMMIT: 'COMMIT';
CONSTRAINT: 'CONSTRAINT';
CREATE: 'CREATE';
CROSS: 'CROSS';
CURRENT: 'CURRENT';
CURRENT_DATE: 'CURRENT_DATE';
CURRENT_TIME: 'CURRENT_TIME';
CURRENT_TIMESTAMP: 'CURRENT_TIMESTAMP';
DATE: 'DATE';
DAY: 'DAY';
DEFAULT: 'DEFAULT';
DELETE: 'DELETE';
DESC: 'DESC';
DISTINCT: 'DISTINCT';
DOUBLE: 'DOUBLE';
DROP: 'DROP';
ELSE: 'ELSE';
END: 'END';
ESCAPE: 'ESCAPE';
EXCEPT: 'EXCEPT';
EXCLUDE: 'EXCLUDE';
EXISTS: 'EXISTS';
EXPLAIN: 'EXPLAIN';
EXTRACT: 'EXTRACT';
FALSE: 'FALSE';
FETCH: 'FETCH';
FILTER: 'FILTER';
FIRST: 'FIRST';
FOR: 'FOR';
FOLLOWING: 'FOLLOWING';
FOREIGN: 'FOREIGN';
FROM: 'FROM';
FULL: 'FULL';
GROUP: 'GROUP';
GROUPS: 'GROUPS';
HAVING: 'HAVING';
HOUR: 'HOUR';
IF: 'IF';
ILIKE: 'ILIKE';
IN: 'IN';
INCREMENTAL: 'INCREMENTAL';
INNER: 'INNER';
INSERT: 'INSERT';
INTERSECT: 'INTERSECT';
INTERVAL: 'INTERVAL';
INTO: 'INTO';
IS: 'IS';
ISNULL: 'ISNULL';
JOIN: 'JOIN';
KEY: 'KEY';
LAST: 'LAST';
LEADING: 'LEADING';
LEFT: 'LEFT';
LIKE: 'LIKE';
LIMIT: 'LIMIT';
LOCAL: 'LOCAL';
LOCALTIME: 'LOCALTIME';
LOCALTIMESTAMP: 'LOCALTIMESTAMP';
MATERIALIZED: 'MATERIALIZED';
MINUTE: 'MINUTE';
MONTH: 'MONTH';
NATURAL: 'NATURAL';
NEXT: 'NEXT';
NO: 'NO';
NOT: 'NOT';
NOTNULL: 'NOTNULL';
NULL: 'NULL';
NULLS: 'NULLS';
OFFSET: 'OFFSET';
ON: 'ON';
ONLY: 'ONLY';
OPERATOR: 'OPERATOR';
OR: 'OR';
ORDER: 'ORDER';
OTHERS: 'OTHERS';
OUTER: 'OUTER';
OVER: 'OVER';
OVERLAY: 'OVERLAY';
PLACING: 'PLACING';
PARTITION: 'PARTITION';
POSITION: 'POSITION';
PRECEDING: 'PRECEDING';
PRECISION: 'PRECISION';
PRIMARY: 'PRIMARY';
RANGE: 'RANGE';
RECURSIVE: 'RECURSIVE';
REFERENCES: 'REFERENCES';
REPLACE: 'REPLACE';
RESTRICT: 'RESTRICT';
RIGHT: 'RIGHT';
ROLLBACK: 'ROLLBACK';
ROW: 'ROW';
ROWS: 'ROWS';
SECOND: 'SECOND';
SELECT: 'SELECT';
SESSION: 'SESSION';
SET: 'SET';
SHOW: 'SHOW';
START: 'START';
SUBSTRING: 'SUBSTRING';
SYMMETRIC: 'SYMMETRIC';
TABLE: 'TABLE';
TABLES: 'TABLES';
THEN: 'THEN';
TIES: 'TIES';
TIME: 'TIME';
TIMESTAMP: 'TIMESTAMP';
TO: 'TO';
TRAILING: 'TRAILING';
TRANSACTION: 'TRANSACTION';
TRIM: 'TRIM';
TRUE: 'TRUE';
UNBOUNDED: 'UNBOUNDED';
UNION: 'UNION';
UNIQUE: 'UNIQUE';
UNKNOWN: 'UNKNOWN';
UPDATE: 'UPDATE';
REFRESH: 'REFRESH';
SHARE: 'SHARE';
SOME: 'SOME';
USING: 'USING';
VALUES: 'VALUES';
VARYING: 'VARYING';
VIEW: 'VIEW';
VIEWS: 'VIEWS';
WHEN: 'WHEN';
WHERE: 'WHERE';
WINDOW: 'WINDOW';
WITH: 'WITH';
WITHOUT: 'WITHOUT';
WORK: 'WORK';
YEAR: 'YEAR';
ZONE: 'ZONE';

SEMICOLON: ';';
COMMA: ',';
DOT: '.';
LPAREN: '(';
RPAREN: ')';
LBRACKET: '[';
RBRACKET: ']';
DOUBLE_COLON: '::';
EQ: '=';
NEQ: '<>' | '!=';
LT: '<';
LTE: '<=';
GT: '>';
GTE: '>=';
PLUS: '+';
MINUS: '-';
STAR: '*';
SLASH: '/';
PERCENT: '%';
CARET: '^';
CONCAT: '||';
SQUARE_ROOT: '|/';
CUBE_ROOT: '||/';
TILDE_TILDE: '~~';
NOT_TILDE_TILDE: '!~~';
TILDE_TILDE_STAR: '~~*';
NOT_TILDE_TILDE_STAR: '!~~*';
TILDE: '~';
NOT_TILDE: '!~';
TILDE_STAR: '~*';
NOT_TILDE_STAR: '!~*';

INTEGER_VALUE: DIGIT+;
DECIMAL_VALUE
    : DIGIT+ '.' DIGIT* EXPONENT?
    | '.' DIGIT+ EXPONENT?
    | DIGIT+ EXPONENT
    ;
PARAMETER: '$' DIGIT+;

ESCAPE_STRING: 'E\'' (~['\\] | '\\' . | '\'\'')* '\'';
STRING: '\'' (~'\'' | '\'\'')* '\'';
DOLLAR_STRING: '$$' .*? '$$';
UNTERMINATED_STRING: '\'' (~'\'' | '\'\'')*;

IDENTIFIER: [A-Z_\u0080-\uFFFF] [A-Z_0-9$\u0080-\uFFFF]*;
QUOTED_IDENTIFIER: '"' (~'"' | '""')+ '"';

LINE_COMMENT: '--' ~[\r\n]* -> channel(HIDDEN);
BLOCK_COMMENT: '/*' (BLOCK_COMMENT | .)*? '*/' -> channel(HIDDEN);
WHITESPACE: [ \t\r\n\f]+ -> channel(HIDDEN);

fragment DIGIT: [0-9];
fragment EXPONENT: 'E' [+-]? DIGIT+;

UNRECOGNIZED: .;
