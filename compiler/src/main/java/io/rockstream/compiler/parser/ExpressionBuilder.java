package io.rockstream.compiler.parser;

import static io.rockstream.compiler.parser.AstBuilder.position;

import io.rockstream.compiler.ast.Expression;
import io.rockstream.compiler.ast.Expression.Between;
import io.rockstream.compiler.ast.Expression.Binary;
import io.rockstream.compiler.ast.Expression.Case;
import io.rockstream.compiler.ast.Expression.Cast;
import io.rockstream.compiler.ast.Expression.Exists;
import io.rockstream.compiler.ast.Expression.FunctionCall;
import io.rockstream.compiler.ast.Expression.Identifier;
import io.rockstream.compiler.ast.Expression.InList;
import io.rockstream.compiler.ast.Expression.InSubquery;
import io.rockstream.compiler.ast.Expression.IsBoolean;
import io.rockstream.compiler.ast.Expression.IsDistinctFrom;
import io.rockstream.compiler.ast.Expression.IsNull;
import io.rockstream.compiler.ast.Expression.Like;
import io.rockstream.compiler.ast.Expression.Literal;
import io.rockstream.compiler.ast.Expression.LiteralKind;
import io.rockstream.compiler.ast.Expression.Row;
import io.rockstream.compiler.ast.Expression.ScalarSubquery;
import io.rockstream.compiler.ast.Expression.TypedLiteral;
import io.rockstream.compiler.ast.Expression.Unary;
import io.rockstream.compiler.ast.Expression.WhenClause;
import io.rockstream.compiler.ast.Position;
import io.rockstream.compiler.ast.QualifiedName;
import io.rockstream.compiler.ast.Query;
import io.rockstream.compiler.ast.TypeName;
import io.rockstream.compiler.parser.RockSqlParser.*;
import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.expr.WindowFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Builds {@link Expression}s and {@link TypeName}s from the expression ladder of the grammar
 * (one rule per precedence level; binary levels fold left). The {@code primary} alternatives
 * and the type alternatives are visited; everything else is walked directly.
 */
final class ExpressionBuilder extends RockSqlBaseVisitor<Object> {
    private final AstBuilder statements;

    ExpressionBuilder(AstBuilder statements) {
        this.statements = statements;
    }

    Expression expression(ExprContext context) {
        return or(context.orExpr());
    }

    Optional<Expression> optional(ExprContext context) {
        return context == null ? Optional.empty() : Optional.of(expression(context));
    }

    List<Expression> expressions(List<ExprContext> contexts) {
        List<Expression> result = new ArrayList<>(contexts.size());
        for (ExprContext context : contexts) {
            result.add(expression(context));
        }
        return result;
    }

    // ------------------------------------------------------------ the precedence ladder

    private Expression or(OrExprContext context) {
        Expression result = and(context.andExpr(0));
        for (int i = 1; i < context.andExpr().size(); i++) {
            result = new Binary("or", result, and(context.andExpr(i)), position(context.OR(i - 1)));
        }
        return result;
    }

    private Expression and(AndExprContext context) {
        Expression result = not(context.notExpr(0));
        for (int i = 1; i < context.notExpr().size(); i++) {
            result = new Binary("and", result, not(context.notExpr(i)), position(context.AND(i - 1)));
        }
        return result;
    }

    private Expression not(NotExprContext context) {
        if (context.NOT() != null) {
            return new Unary("not", not(context.notExpr()), position(context.NOT()));
        }
        Expression result = comparison(context.isExpr().comparison());
        for (IsSuffixContext suffix : context.isExpr().isSuffix()) {
            result = isSuffix(result, suffix);
        }
        return result;
    }

    private Expression isSuffix(Expression operand, IsSuffixContext suffix) {
        Position at = position(suffix);
        if (suffix instanceof IsNullSuffixContext isNull) {
            return new IsNull(operand, isNull.NOT() != null, at);
        }
        if (suffix instanceof IsnullSuffixContext) {
            return new IsNull(operand, false, at);
        }
        if (suffix instanceof NotnullSuffixContext) {
            return new IsNull(operand, true, at);
        }
        if (suffix instanceof IsBooleanSuffixContext isBoolean) {
            Boolean value = isBoolean.TRUE() != null ? Boolean.TRUE : isBoolean.FALSE() != null ? Boolean.FALSE : null;
            return new IsBoolean(operand, value, isBoolean.NOT() != null, at);
        }
        IsDistinctFromSuffixContext distinct = (IsDistinctFromSuffixContext) suffix;
        return new IsDistinctFrom(operand, comparison(distinct.comparison()), distinct.NOT() != null, at);
    }

    private Expression comparison(ComparisonContext context) {
        Expression result = null;
        ComparisonOperatorContext operator = null;
        for (int i = 0; i < context.getChildCount(); i++) {
            org.antlr.v4.runtime.tree.ParseTree child = context.getChild(i);
            if (child instanceof ComparisonOperatorContext op) {
                operator = op;
                continue;
            }
            if (child instanceof QuantifiedSubqueryContext quantified) {
                String spelling = operator.NEQ() != null ? "<>" : operator.getText();
                if (quantified.query() == null) {
                    result = new Expression.ArrayQuantified(result, spelling, quantified.ALL() != null,
                            expression(quantified.expr()), position(operator));
                } else {
                    result = new Expression.Quantified(result, spelling, quantified.ALL() != null,
                            statements.query(quantified.query()), position(operator));
                }
                continue;
            }
            Expression right = predicate((PredicateContext) child);
            if (result == null) {
                result = right;
            } else {
                String spelling = operator.NEQ() != null ? "<>" : operator.getText();
                result = new Binary(spelling, result, right, position(operator));
            }
        }
        return result;
    }

    private Expression predicate(PredicateContext context) {
        Expression result = otherOperation(context.otherOperation());
        for (PredicateSuffixContext suffix : context.predicateSuffix()) {
            result = predicateSuffix(result, suffix);
        }
        return result;
    }

    private Expression predicateSuffix(Expression operand, PredicateSuffixContext suffix) {
        Position at = position(suffix);
        if (suffix instanceof BetweenSuffixContext between) {
            return new Between(operand, otherOperation(between.otherOperation(0)),
                    otherOperation(between.otherOperation(1)), between.NOT() != null, between.SYMMETRIC() != null, at);
        }
        if (suffix instanceof InSubquerySuffixContext in) {
            return new InSubquery(operand, statements.query(in.query()), in.NOT() != null, at);
        }
        if (suffix instanceof InListSuffixContext in) {
            return new InList(operand, expressions(in.expr()), in.NOT() != null, at);
        }
        if (suffix instanceof LikeSuffixContext like) {
            Optional<Expression> escape = like.ESCAPE() == null
                    ? Optional.empty() : Optional.of(otherOperation(like.otherOperation(1)));
            return new Like(operand, otherOperation(like.otherOperation(0)), escape, like.ILIKE() != null,
                    like.NOT() != null, at);
        }
        TildeLikeSuffixContext like = (TildeLikeSuffixContext) suffix;
        boolean caseInsensitive = like.TILDE_TILDE_STAR() != null || like.NOT_TILDE_TILDE_STAR() != null;
        boolean negated = like.NOT_TILDE_TILDE() != null || like.NOT_TILDE_TILDE_STAR() != null;
        return new Like(operand, otherOperation(like.otherOperation()), Optional.empty(), caseInsensitive, negated, at);
    }

    private Expression otherOperation(OtherOperationContext context) {
        Expression result = additive(context.additive(0));
        for (int i = 1; i < context.additive().size(); i++) {
            OtherOperatorContext operator = context.otherOperator(i - 1);
            String spelling = operator.operatorSymbol() != null ? operatorSymbol(operator) : operator.getText();
            result = new Binary(spelling.equals("!=") ? "<>" : spelling, result, additive(context.additive(i)),
                    position(operator));
        }
        return result;
    }

    /**
     * The operator of {@code OPERATOR(schema.op)}: only PostgreSQL's own operators exist, so
     * the schema must be pg_catalog.
     */
    private static String operatorSymbol(OtherOperatorContext operator) {
        for (IdentifierContext part : operator.identifier()) {
            String schema = AstBuilder.identifier(part);
            if (!schema.equals("pg_catalog")) {
                throw AstBuilder.error(ErrorCode.UNDEFINED_SCHEMA, "schema \"" + schema + "\" does not exist",
                        part.getStart());
            }
        }
        if (operator.identifier().size() > 1) {
            throw AstBuilder.error(ErrorCode.SYNTAX_ERROR, "improper qualified name (too many dotted names)",
                    operator.getStart());
        }
        return operator.operatorSymbol().getText();
    }

    private Expression additive(AdditiveContext context) {
        Expression result = multiplicative(context.multiplicative(0));
        for (int i = 1; i < context.getChildCount(); i += 2) {
            TerminalNode operator = (TerminalNode) context.getChild(i);
            MultiplicativeContext right = (MultiplicativeContext) context.getChild(i + 1);
            result = new Binary(operator.getText(), result, multiplicative(right), position(operator));
        }
        return result;
    }

    private Expression multiplicative(MultiplicativeContext context) {
        Expression result = power(context.power(0));
        for (int i = 1; i < context.getChildCount(); i += 2) {
            TerminalNode operator = (TerminalNode) context.getChild(i);
            PowerContext right = (PowerContext) context.getChild(i + 1);
            result = new Binary(operator.getText(), result, power(right), position(operator));
        }
        return result;
    }

    private Expression power(PowerContext context) {
        Expression result = unary(context.unary(0));
        for (int i = 1; i < context.unary().size(); i++) {
            result = new Binary("^", result, unary(context.unary(i)), position(context.CARET(i - 1)));
        }
        return result;
    }

    private Expression unary(UnaryContext context) {
        if (context.unary() != null) {
            Token operator = context.getStart();
            if (context.SQUARE_ROOT() != null || context.CUBE_ROOT() != null) {
                // PostgreSQL's prefix operators |/ and ||/ are sqrt and cbrt
                // (defined for double precision only)
                Position at = position(operator);
                Expression operand = new Cast(unary(context.unary()),
                        new io.rockstream.compiler.ast.TypeName("double precision", List.of(), at), at);
                return call(context.SQUARE_ROOT() != null ? "sqrt" : "cbrt", List.of(operand), operator);
            }
            return new Unary(operator.getText(), unary(context.unary()), position(operator));
        }
        CastExprContext cast = context.castExpr();
        Expression result = (Expression) visit(cast.primary());
        for (CastSuffixContext suffix : cast.castSuffix()) {
            if (suffix.typeName() != null) {
                result = new Cast(result, castTypeName(suffix.typeName()), position(suffix));
            } else {
                result = new Expression.Subscript(result, expression(suffix.expr()), position(suffix));
            }
        }
        if (cast.COLLATE() != null) {
            collation(cast.collationName());
        }
        return result;
    }

    // ------------------------------------------------------------ primaries

    @Override
    public Expression visitLiteralPrimary(LiteralPrimaryContext context) {
        return literal(context.literal());
    }

    private Literal literal(LiteralContext context) {
        Position at = position(context);
        if (context instanceof IntegerLiteralContext) {
            return new Literal(LiteralKind.INTEGER, context.getText(), at);
        }
        if (context instanceof DecimalLiteralContext) {
            return new Literal(LiteralKind.DECIMAL, context.getText(), at);
        }
        if (context instanceof StringLiteralContext string) {
            return new Literal(LiteralKind.STRING, string(string.string()), at);
        }
        if (context instanceof TrueLiteralContext) {
            return new Literal(LiteralKind.BOOLEAN, "true", at);
        }
        if (context instanceof FalseLiteralContext) {
            return new Literal(LiteralKind.BOOLEAN, "false", at);
        }
        return new Literal(LiteralKind.NULL, null, at);
    }

    static String string(StringContext context) {
        return Lexemes.string(context.getStart());
    }

    @Override
    public Expression visitParameterPrimary(ParameterPrimaryContext context) {
        String text = context.PARAMETER().getText();
        try {
            return statements.parameter(Integer.parseInt(text.substring(1)), position(context));
        } catch (NumberFormatException tooBig) {
            throw SyntaxErrorListener.at(context.getStart());
        }
    }

    @Override
    public Expression visitTypedLiteral(TypedLiteralContext context) {
        return new TypedLiteral(constantTypeName(context.constantTypeName()), string(context.string()),
                position(context));
    }

    @Override
    public Expression visitIntervalFieldLiteral(IntervalFieldLiteralContext context) {
        String text = string(context.string());
        IntervalFieldContext field = context.intervalField();
        if (field.TO() == null) {
            text = text + " " + field.getText().toLowerCase(Locale.ROOT);
        }
        return new TypedLiteral(new TypeName("interval", List.of(), position(context)), text, position(context));
    }

    @Override
    public Expression visitCast(CastContext context) {
        return new Cast(expression(context.expr()), castTypeName(context.typeName()), position(context));
    }

    @Override
    public Expression visitCase(CaseContext context) {
        List<WhenClause> whens = new ArrayList<>();
        for (WhenClauseContext when : context.whenClause()) {
            whens.add(new WhenClause(expression(when.condition), expression(when.result), position(when)));
        }
        return new Case(optional(context.operand), whens, optional(context.otherwise), position(context));
    }

    @Override
    public Expression visitExists(ExistsContext context) {
        return new Exists(statements.query(context.query()), position(context));
    }

    /**
     * Checks a COLLATE clause. RockStream compares text in the C collation only, so the
     * collations that mean C (default, C, POSIX, ucs_basic) are accepted and change nothing.
     */
    private void collation(CollationNameContext name) {
        List<String> parts = new ArrayList<>();
        for (IdentifierContext part : name.identifier()) {
            parts.add(AstBuilder.identifier(part));
        }
        LabelContext last = name.label();
        parts.add(Lexemes.identifier(last.getStart()));
        String collation = parts.get(parts.size() - 1);
        boolean schemaOk = parts.size() == 1 || (parts.size() == 2 && parts.get(0).equals("pg_catalog"));
        if (!schemaOk || !List.of("default", "C", "POSIX", "ucs_basic").contains(collation)) {
            throw AstBuilder.error(ErrorCode.UNDEFINED_OBJECT, "collation \"" + String.join(".", parts)
                    + "\" for encoding \"UTF8\" does not exist", name.getStart());
        }
    }

    @Override
    public Expression visitFieldSelection(FieldSelectionContext context) {
        return new Expression.FieldSelection(expression(context.expr()), AstBuilder.identifier(context.identifier()),
                position(context));
    }

    @Override
    public Expression visitArraySubquery(ArraySubqueryContext context) {
        return new Expression.ArraySubquery(statements.query(context.query()), position(context));
    }

    @Override
    public Expression visitArrayConstructor(ArrayConstructorContext context) {
        return new Expression.ArrayConstructor(expressions(context.expr()), position(context));
    }

    @Override
    public Expression visitScalarSubquery(ScalarSubqueryContext context) {
        return new ScalarSubquery(statements.query(context.query()), position(context));
    }

    @Override
    public Expression visitParenthesized(ParenthesizedContext context) {
        if (context.expr().size() == 1) {
            return expression(context.expr(0));
        }
        return new Row(expressions(context.expr()), position(context));
    }

    @Override
    public Expression visitExplicitRow(ExplicitRowContext context) {
        return new Row(expressions(context.expr()), position(context));
    }

    @Override
    public Expression visitExtract(ExtractContext context) {
        ExtractFieldContext field = context.extractField();
        String name = field.string() != null ? string(field.string()) : AstBuilder.identifier(field.identifier());
        Literal fieldLiteral = new Literal(LiteralKind.STRING, name.toLowerCase(Locale.ROOT), position(field));
        return call("extract", List.of(fieldLiteral, expression(context.expr())), context.getStart());
    }

    @Override
    public Expression visitOverlay(OverlayContext context) {
        List<Expression> args = new ArrayList<>();
        for (var expr : context.expr()) {
            args.add(expression(expr));
        }
        return call("overlay", args, context.getStart());
    }

    @Override
    public Expression visitSubstring(SubstringContext context) {
        List<Expression> args = new ArrayList<>();
        args.add(expression(context.expr(0)));
        int next = 1;
        if (context.FROM() != null) {
            args.add(expression(context.expr(next++)));
        } else if (context.FOR() != null) {
            args.add(new Literal(LiteralKind.INTEGER, "1", position(context.FOR())));
        }
        if (context.FOR() != null) {
            args.add(expression(context.expr(next)));
        }
        return call("substring", args, context.getStart());
    }

    /** {@code POSITION(a IN b)} becomes {@code position(a, b)}: the arguments in written order. */
    @Override
    public Expression visitPosition(PositionContext context) {
        // PostgreSQL's grammar: POSITION(a IN b) is the function position(b, a)
        return call("position", List.of(otherOperation(context.otherOperation(1)),
                otherOperation(context.otherOperation(0))), context.getStart());
    }

    /** {@code TRIM([side] [chars] FROM string)} becomes {@code btrim|ltrim|rtrim(string [, chars])}. */
    @Override
    public Expression visitTrimFrom(TrimFromContext context) {
        List<Expression> args = new ArrayList<>();
        args.add(expression(context.expr(context.expr().size() - 1)));
        if (context.chars != null) {
            args.add(expression(context.chars));
        }
        return call(trimFunction(context.trimSide), args, context.getStart());
    }

    @Override
    public Expression visitTrimList(TrimListContext context) {
        return call(trimFunction(context.trimSide), expressions(context.expr()), context.getStart());
    }

    private static String trimFunction(Token side) {
        if (side == null || side.getType() == RockSqlLexer.BOTH) {
            return "btrim";
        }
        return side.getType() == RockSqlLexer.LEADING ? "ltrim" : "rtrim";
    }

    @Override
    public Expression visitSpecialFunction(SpecialFunctionContext context) {
        List<Expression> args = context.INTEGER_VALUE() == null ? List.of()
                : List.of(new Literal(LiteralKind.INTEGER, context.INTEGER_VALUE().getText(),
                        position(context.INTEGER_VALUE())));
        return call(context.name.getText().toLowerCase(Locale.ROOT), args, context.getStart());
    }

    @Override
    public Expression visitFunctionCall(FunctionCallContext context) {
        QualifiedName name = statements.qualifiedName(context.functionName().qualifiedName());
        FunctionArgumentsContext arguments = context.functionArguments();
        List<Expression> args = List.of();
        boolean distinct = false;
        boolean star = false;
        List<Query.OrderItem> orderBy = List.of();
        if (arguments != null) {
            star = arguments.STAR() != null;
            args = expressions(arguments.expr());
            distinct = arguments.setQuantifier() != null && arguments.setQuantifier().DISTINCT() != null;
            if (arguments.orderByClause() != null) {
                orderBy = statements.orderBy(arguments.orderByClause());
            }
        }
        Optional<Expression> filter = optional(context.expr());
        FunctionCall call = new FunctionCall(name, args, distinct, star, orderBy, filter, position(context));
        if (context.overClause() == null) {
            return call;
        }
        if (distinct) {
            throw AstBuilder.error(ErrorCode.FEATURE_NOT_SUPPORTED,
                    "DISTINCT is not implemented for window functions", arguments.setQuantifier().getStart());
        }
        if (!orderBy.isEmpty()) {
            throw AstBuilder.error(ErrorCode.FEATURE_NOT_SUPPORTED,
                    "aggregate ORDER BY is not implemented for window functions",
                    arguments.orderByClause().getStart());
        }
        return window(call, context.overClause());
    }

    // ------------------------------------------------------------ window functions

    private Expression window(FunctionCall call, OverClauseContext over) {
        if (over.windowName != null) {
            throw namedWindow(over.windowName.getStart());
        }
        WindowSpecificationContext specification = over.windowSpecification();
        if (specification.existingWindow != null) {
            throw namedWindow(specification.existingWindow.getStart());
        }
        List<Expression> partitionBy = expressions(specification.expr());
        List<Query.OrderItem> orderBy = specification.orderByClause() == null
                ? List.of() : statements.orderBy(specification.orderByClause());
        Optional<WindowFrame> frame = specification.frameClause() == null
                ? Optional.empty() : Optional.of(frame(specification.frameClause()));
        return new Expression.WindowFunction(call, partitionBy, orderBy, frame, call.position());
    }

    static RockStreamException namedWindow(Token at) {
        return AstBuilder.error(ErrorCode.FEATURE_NOT_SUPPORTED,
                "named windows are not supported yet; write the window specification in OVER (...)", at);
    }

    /**
     * {@code {ROWS|RANGE} BETWEEN start AND end}, or a lone start meaning {@code BETWEEN start AND
     * CURRENT ROW}, checked like PostgreSQL checks it.
     */
    private WindowFrame frame(FrameClauseContext context) {
        if (context.unit.getType() == RockSqlLexer.GROUPS) {
            throw AstBuilder.error(ErrorCode.FEATURE_NOT_SUPPORTED, "GROUPS frames are not supported yet",
                    context.unit);
        }
        if (context.frameExclusion() != null) {
            throw AstBuilder.error(ErrorCode.FEATURE_NOT_SUPPORTED, "frame exclusion (EXCLUDE) is not supported yet",
                    context.frameExclusion().getStart());
        }
        WindowFrame.Mode mode = context.unit.getType() == RockSqlLexer.ROWS
                ? WindowFrame.Mode.ROWS : WindowFrame.Mode.RANGE;
        FrameBoundContext startContext = context.start;
        FrameBoundContext endContext = context.end;
        WindowFrame.Bound start = bound(startContext);
        WindowFrame.Bound end = endContext == null ? WindowFrame.Bound.CURRENT_ROW : bound(endContext);
        Token endAt = endContext == null ? startContext.getStart() : endContext.getStart();
        if (start == WindowFrame.Bound.UNBOUNDED_FOLLOWING) {
            throw AstBuilder.error(ErrorCode.WINDOWING_ERROR, "frame start cannot be UNBOUNDED FOLLOWING",
                    startContext.getStart());
        }
        if (end == WindowFrame.Bound.UNBOUNDED_PRECEDING) {
            throw AstBuilder.error(ErrorCode.WINDOWING_ERROR, "frame end cannot be UNBOUNDED PRECEDING", endAt);
        }
        if (start == WindowFrame.Bound.CURRENT_ROW && end == WindowFrame.Bound.PRECEDING) {
            throw AstBuilder.error(ErrorCode.WINDOWING_ERROR,
                    "frame starting from current row cannot have preceding rows", endAt);
        }
        if (start == WindowFrame.Bound.FOLLOWING
                && (end == WindowFrame.Bound.PRECEDING || end == WindowFrame.Bound.CURRENT_ROW)) {
            throw AstBuilder.error(ErrorCode.WINDOWING_ERROR, end == WindowFrame.Bound.CURRENT_ROW
                    ? "frame starting from following row cannot end with current row"
                    : "frame starting from following row cannot have preceding rows", endAt);
        }
        long startOffset = offset(startContext, mode, "starting");
        long endOffset = endContext == null ? 0 : offset(endContext, mode, "ending");
        return new WindowFrame(mode, start, startOffset, end, endOffset);
    }

    private static WindowFrame.Bound bound(FrameBoundContext context) {
        if (context instanceof UnboundedFrameBoundContext unbounded) {
            return unbounded.PRECEDING() != null
                    ? WindowFrame.Bound.UNBOUNDED_PRECEDING : WindowFrame.Bound.UNBOUNDED_FOLLOWING;
        }
        if (context instanceof CurrentRowFrameBoundContext) {
            return WindowFrame.Bound.CURRENT_ROW;
        }
        return ((OffsetFrameBoundContext) context).PRECEDING() != null
                ? WindowFrame.Bound.PRECEDING : WindowFrame.Bound.FOLLOWING;
    }

    /** The row count of {@code n PRECEDING|FOLLOWING}: a non-negative integer literal, ROWS only. */
    private long offset(FrameBoundContext context, WindowFrame.Mode mode, String which) {
        if (!(context instanceof OffsetFrameBoundContext bound)) {
            return 0;
        }
        Token at = bound.getStart();
        if (mode == WindowFrame.Mode.RANGE) {
            throw AstBuilder.error(ErrorCode.FEATURE_NOT_SUPPORTED,
                    "RANGE with offset PRECEDING/FOLLOWING is not supported yet", at);
        }
        Expression value = expression(bound.expr());
        boolean negative = false;
        if (value instanceof Unary unary && unary.operator().equals("-")) {
            negative = true;
            value = unary.operand();
        } else if (value instanceof Unary unary && unary.operator().equals("+")) {
            value = unary.operand();
        }
        if (!(value instanceof Literal literal) || literal.kind() != LiteralKind.INTEGER) {
            throw AstBuilder.error(ErrorCode.FEATURE_NOT_SUPPORTED,
                    "frame offsets other than integer constants are not supported yet", at);
        }
        long count;
        try {
            count = Long.parseLong(literal.text());
        } catch (NumberFormatException tooBig) {
            throw AstBuilder.error(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, "bigint out of range", at);
        }
        if (negative && count != 0) {
            throw AstBuilder.error(ErrorCode.INVALID_PRECEDING_OR_FOLLOWING_SIZE,
                    "frame " + which + " offset must not be negative", at);
        }
        return count;
    }

    @Override
    public Expression visitColumnReference(ColumnReferenceContext context) {
        QualifiedName name = statements.qualifiedName(context.qualifiedName());
        return new Identifier(name, name.position());
    }

    private static FunctionCall call(String name, List<Expression> args, Token start) {
        Position at = position(start);
        return new FunctionCall(new QualifiedName(List.of(name), at), args, false, false, List.of(),
                Optional.empty(), at);
    }

    // ------------------------------------------------------------ types

    TypeName typeName(TypeNameContext context) {
        if (context.arrayBounds() != null) {
            Token at = context.arrayBounds().getStart();
            throw RockStreamException.of(ErrorCode.FEATURE_NOT_SUPPORTED, "array types are not supported")
                    .at(offset(at), at.getLine(), at.getCharPositionInLine() + 1);
        }
        return (TypeName) visit(context.baseTypeName());
    }

    /**
     * The target of a cast: as {@link #typeName}, but an array type is allowed and named with
     * a {@code []} suffix (the binder keeps array values in their text form).
     */
    TypeName castTypeName(TypeNameContext context) {
        TypeName base = (TypeName) visit(context.baseTypeName());
        if (context.arrayBounds() == null) {
            return base;
        }
        return new TypeName(base.name() + "[]", List.of(), base.position());
    }

    private TypeName constantTypeName(ConstantTypeNameContext context) {
        Position at = position(context);
        if (context.DATE() != null) {
            return new TypeName("date", List.of(), at);
        }
        if (context.INTERVAL() != null) {
            return new TypeName("interval", List.of(), at);
        }
        if (context.IDENTIFIER() != null) {
            return new TypeName(Lexemes.typeName(Lexemes.identifier(context.IDENTIFIER().getSymbol())), List.of(), at);
        }
        List<Integer> modifiers = context.INTEGER_VALUE() == null
                ? List.of() : List.of(modifier(context.INTEGER_VALUE()));
        return timeType(context.TIME() != null ? "time" : "timestamp", modifiers, context.timeZone(), at);
    }

    @Override
    public TypeName visitDoublePrecisionType(DoublePrecisionTypeContext context) {
        return new TypeName("double precision", List.of(), position(context));
    }

    @Override
    public TypeName visitCharacterType(CharacterTypeContext context) {
        return new TypeName(context.VARYING() != null ? "varchar" : "char", modifiers(context.typeModifiers()),
                position(context));
    }

    @Override
    public TypeName visitTimeType(TimeTypeContext context) {
        return timeType("time", modifiers(context.typeModifiers()), context.timeZone(), position(context));
    }

    @Override
    public TypeName visitTimestampType(TimestampTypeContext context) {
        return timeType("timestamp", modifiers(context.typeModifiers()), context.timeZone(), position(context));
    }

    @Override
    public TypeName visitIntervalType(IntervalTypeContext context) {
        return new TypeName("interval", modifiers(context.typeModifiers()), position(context));
    }

    @Override
    public TypeName visitGenericType(GenericTypeContext context) {
        List<String> parts = new ArrayList<>();
        for (IdentifierContext part : context.identifier()) {
            parts.add(AstBuilder.identifier(part));
        }
        if (parts.size() == 2 && parts.get(0).equals("pg_catalog")) {
            parts.remove(0);
        }
        List<Integer> modifiers = modifiers(context.typeModifiers());
        String name = String.join(".", parts);
        if (name.equals("float") && !modifiers.isEmpty()) {
            // PostgreSQL: float(1..24) is real, float(25..53) is double precision
            name = modifiers.get(0) <= 24 ? "real" : "double precision";
            modifiers = List.of();
        }
        return new TypeName(Lexemes.typeName(name), modifiers, position(context));
    }

    private static TypeName timeType(String base, List<Integer> modifiers, TimeZoneContext zone, Position at) {
        boolean withZone = zone != null && zone.WITH() != null;
        String name = withZone ? base + "tz" : base;
        return new TypeName(name, modifiers, at);
    }

    private static List<Integer> modifiers(TypeModifiersContext context) {
        if (context == null) {
            return List.of();
        }
        List<Integer> result = new ArrayList<>();
        for (TerminalNode value : context.INTEGER_VALUE()) {
            result.add(modifier(value));
        }
        return result;
    }

    private static int modifier(TerminalNode value) {
        try {
            return Integer.parseInt(value.getText());
        } catch (NumberFormatException tooBig) {
            throw SyntaxErrorListener.at(value.getSymbol());
        }
    }

    private static int offset(Token token) {
        return token.getStartIndex() + 1;
    }

    @Override
    protected Object defaultResult() {
        return null;
    }

    @Override
    public Object visitChildren(org.antlr.v4.runtime.tree.RuleNode node) {
        // every visited alternative has its own method; reaching here is a grammar/builder mismatch
        throw RockStreamException.internal("no AST builder for " + node.getClass().getSimpleName(), null);
    }
}
