package io.rockstream.taskmanager.operator;

import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.expr.Expr;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.taskmanager.expr.Evaluator;
import io.rockstream.taskmanager.expr.ExprCompiler;
import io.rockstream.taskmanager.runtime.Collector;
import java.util.List;

/**
 * Filter then project. Delta rule: linear, {@code Δout = project(filter(Δin))}, applied
 * to each batch as it arrives. State: none. A row whose expressions raise a data error
 * (division by zero, overflow) adds the error, with the row's weight, to the view's error
 * collection instead.
 */
final class CalcOperator implements Operator {
    private final Qual filter;
    private final Evaluator[] projections;
    private OperatorContext context;

    CalcOperator(Expr filter, List<Expr> projections) {
        this.filter = Qual.of(filter);
        this.projections = projections.stream().map(ExprCompiler::compile).toArray(Evaluator[]::new);
    }

    @Override
    public void open(OperatorContext operatorContext) {
        this.context = operatorContext;
    }

    @Override
    public void processBatch(int input, ZSet delta, Collector output) {
        for (int i = 0; i < delta.size(); i++) {
            Row row = delta.row(i);
            try {
                if (filter != null && !filter.test(row)) {
                    continue;
                }
                Object[] values = new Object[projections.length];
                for (int p = 0; p < projections.length; p++) {
                    values[p] = projections[p].evaluate(row);
                }
                output.add(Row.wrap(values), delta.weight(i));
            } catch (RockStreamException error) {
                context.reportError(error, delta.weight(i));
            }
        }
    }

    @Override
    public void finishEpoch(long epoch, Collector output) {
    }
}
