package io.rockstream.taskmanager.aggregate;

import io.rockstream.jobgraph.expr.Call;
import io.rockstream.jobgraph.expr.ColumnRef;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.type.SqlType;
import io.rockstream.taskmanager.expr.Evaluator;
import io.rockstream.taskmanager.expr.ExprCompiler;
import java.math.BigDecimal;

/** numeric / numeric with the SQL division operator's own result scale (one implementation, the evaluator's). */
final class NumericDivision {
    private static final Evaluator DIVIDE = ExprCompiler.compile(Call.of("/", SqlType.NUMERIC,
            new ColumnRef(0, SqlType.NUMERIC), new ColumnRef(1, SqlType.NUMERIC)));

    private NumericDivision() {
    }

    static BigDecimal divide(BigDecimal dividend, BigDecimal divisor) {
        return (BigDecimal) DIVIDE.evaluate(Row.of(dividend, divisor));
    }
}
