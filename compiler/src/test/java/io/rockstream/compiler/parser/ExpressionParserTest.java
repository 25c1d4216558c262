package io.rockstream.compiler.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.compiler.ast.Expression;
import io.rockstream.compiler.ast.Position;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ExpressionParserTest {

    private static String tree(String sql) {
        return ExpressionPrinter.print(SqlParser.parseExpression(sql));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', textBlock = """
            a OR b AND c => (a or (b and c))
            NOT a AND b => ((not a) and b)
            NOT a = b => (not (a = b))
            NOT ( col2 ) IS NULL => (not (col2 is null))
            a = b IS NULL => ((a = b) is null)
            a < b = c => ((a < b) = c)
            a != b => (a <> b)
            a + b * c - d => ((a + (b * c)) - d)
            a - b - c => ((a - b) - c)
            a * b / c % d => (((a * b) / c) % d)
            2 ^ 3 ^ 2 => ((2 ^ 3) ^ 2)
            - 2 ^ 2 => ((- 2) ^ 2)
            - 27 * + 67 + + COUNT ( * ) => (((- 27) * (+ 67)) + (+ count(*)))
            + - + col1 => (+ (- (+ col1)))
            a || b + c => (a || (b + c))
            a || b LIKE c => ((a || b) like c)
            a LIKE b = c => ((a like b) = c)
            a NOT ILIKE b ESCAPE '!' => (a not ilike b escape '!')
            a ~~ b => (a like b)
            a !~~* b => (a not ilike b)
            a ~ b || c => ((a ~ b) || c)
            a !~ b AND c => ((a !~ b) and c)
            a ~* b OR a !~* c => ((a ~* b) or (a !~* c))
            a OPERATOR(pg_catalog.~) b => (a ~ b)
            a OPERATOR(=) b + 1 => (a = (b + 1))
            a COLLATE "C" = b COLLATE pg_catalog.default => (a = b)
            x BETWEEN 1 AND 2 AND y => ((x between 1 and 2) and y)
            x NOT BETWEEN SYMMETRIC a + 1 AND b => (x not between symmetric (a + 1) and b)
            NOT ( - col0 ) NOT BETWEEN - 3 AND col2 => (not ((- col0) not between (- 3) and col2))
            x IN (1, 2) = true => ((x in (1, 2)) = true)
            - col2 NOT IN (1, - 2) => ((- col2) not in (1, (- 2)))
            a IS NOT DISTINCT FROM b + 1 => (a is not distinct from (b + 1))
            a ISNULL => (a is null)
            a NOTNULL => (a is not null)
            a IS NOT TRUE => (a is not true)
            a IS UNKNOWN => (a is unknown)
            x::int::text => cast(cast(x as integer[]) as text[])
            - x::int => (- cast(x as integer[]))
            CAST ( NULL AS INTEGER ) => cast(null as integer[])
            CAST(x AS numeric(10, 2)) => cast(x as numeric[10, 2])
            CAST(x AS character varying(5)) => cast(x as varchar[5])
            CAST(x AS double precision) => cast(x as double precision[])
            CAST(x AS timestamp(3) with time zone) => cast(x as timestamptz[3])
            CAST(x AS time without time zone) => cast(x as time[])
            CAST(x AS int8) => cast(x as bigint[])
            CAST(x AS float) => cast(x as double precision[])
            CAST(x AS float4) => cast(x as real[])
            CAST(x AS bool) => cast(x as boolean[])
            CAST(x AS "MyType") => cast(x as MyType[])
            (a, b) => row(a, b)
            ROW(a, 1) => row(a, 1)
            ((a)) => a
            t.c + "Quoted"."Col" => (t.c + Quoted.Col)
            $1 + $12 => ($1 + $12)
            12345678901234567890123 => 12345678901234567890123
            1.5E-3 + .5 + 1e10 + 2. => (((1.5E-3 + .5) + 1e10) + 2.)
            'it''s' => 'it's'
            TRUE AND FALSE OR NULL => ((true and false) or null)
            count(DISTINCT x) => count(distinct x)
            count(*) FILTER (WHERE x > 1) => count(*) filter (x > 1)
            string_agg(x, ',' ORDER BY x) => string_agg(x, ',' order by 1)
            CASE WHEN c > (SELECT avg(c) FROM t1) THEN a * 2 ELSE b * 10 END => case when (c > (subquery)) then (a * 2) else (b * 10) end
            CASE a WHEN 1 THEN 'x' END => case a when 1 then 'x' end
            EXISTS (SELECT 1) AND NOT EXISTS (SELECT 2) => (exists(subquery) and (not exists(subquery)))
            x IN (SELECT y FROM t) => (x in (subquery))
            EXTRACT(YEAR FROM d) => extract('year', d)
            extract('epoch' FROM d) => extract('epoch', d)
            SUBSTRING(s FROM 2 FOR 3) => substring(s, 2, 3)
            SUBSTRING(s FOR 3) => substring(s, 1, 3)
            substring(s, 2) => substring(s, 2)
            POSITION('b' IN s) => position(s, 'b')
            TRIM(s) => btrim(s)
            TRIM(LEADING 'x' FROM s) => ltrim(s, 'x')
            TRIM(TRAILING FROM s) => rtrim(s)
            CURRENT_DATE => current_date()
            CURRENT_TIMESTAMP => current_timestamp()
            LOCALTIMESTAMP => localtimestamp()
            CURRENT_TIME => current_time()
            now() => now()
            coalesce(a, nullif(b, 0)) => coalesce(a, nullif(b, 0))
            left(s, 2) || right(s, 1) => (left(s, 2) || right(s, 1))
            DATE '2024-01-31' => date '2024-01-31'
            TIMESTAMP '2024-01-31 10:00' => timestamp '2024-01-31 10:00'
            TIMESTAMP WITH TIME ZONE '2024-01-31 10:00+02' => timestamptz '2024-01-31 10:00+02'
            TIME '10:00' => time '10:00'
            INTERVAL '1 day' => interval '1 day'
            INTERVAL '2' HOUR => interval '2 hour'
            timestamptz '2024-01-01' => timestamptz '2024-01-01'
            key + value + name + type + date + time + year + text + first + last => (((((((((key + value) + name) + type) + date) + time) + year) + text) + first) + last)
            count + sum + left + right + position + filter + over + set + values => ((((((((count + sum) + left) + right) + position) + filter) + over) + set) + values)
            """)
    void parses(String sql, String expected) {
        assertThat(tree(sql)).isEqualTo(expected);
    }

    @Test
    void resolvesEscapeStrings() {
        Expression.Literal literal = (Expression.Literal) SqlParser.parseExpression("E'a\\n\\t\\\\\\'b''c\\x41\\101'");
        assertThat(literal.text()).isEqualTo("a\n\t\\'b'cAA");
    }

    @Test
    void dollarQuotedStrings() {
        assertThat(tree("$$it's$$")).isEqualTo("'it's'");
    }

    @Test
    void foldsCaseOfUnquotedIdentifiersOnly() {
        assertThat(tree("MyTable.MyCol + \"MyTable\".\"My\"\"Col\"")).isEqualTo("(mytable.mycol + MyTable.My\"Col)");
    }

    @Test
    void keywordsAreCaseInsensitive() {
        assertThat(tree("x Is NoT nUlL aNd Y bEtWeEn 1 AnD 2")).isEqualTo("((x is not null) and (y between 1 and 2))");
    }

    @Test
    void operatorsCarryTheirOwnPosition() {
        Expression.Binary binary = (Expression.Binary) SqlParser.parseExpression("a\n  +  b");
        assertThat(binary.position()).isEqualTo(new Position(4, 2, 3));
        assertThat(binary.left().position()).isEqualTo(new Position(0, 1, 1));
        assertThat(binary.right().position()).isEqualTo(new Position(7, 2, 6));
    }

    @Test
    void literalsKeepTheirKindAndText() {
        assertThat(SqlParser.parseExpression("1.50")).isEqualTo(
                new Expression.Literal(Expression.LiteralKind.DECIMAL, "1.50", new Position(0, 1, 1)));
        assertThat(SqlParser.parseExpression("007")).isEqualTo(
                new Expression.Literal(Expression.LiteralKind.INTEGER, "007", new Position(0, 1, 1)));
        assertThat(SqlParser.parseExpression("NULL")).isEqualTo(
                new Expression.Literal(Expression.LiteralKind.NULL, null, new Position(0, 1, 1)));
    }
}
