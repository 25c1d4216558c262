package io.rockstream.taskmanager.operator;

import io.rockstream.jobgraph.graph.JobGraph;
import io.rockstream.jobgraph.graph.JobVertex;
import io.rockstream.jobgraph.graph.OperatorSpec;

/** Creates the operator instance that runs a vertex's spec. */
public final class OperatorFactory {
    private OperatorFactory() {
    }

    public static Operator create(JobVertex vertex, JobGraph graph) {
        OperatorSpec spec = vertex.operator();
        if (spec instanceof OperatorSpec.Source) {
            return new SourceOperator();
        }
        if (spec instanceof OperatorSpec.Values values) {
            return new ValuesOperator(values.rows());
        }
        if (spec instanceof OperatorSpec.Calc calc) {
            return new CalcOperator(calc.filter(), calc.projections());
        }
        if (spec instanceof OperatorSpec.UnionAll) {
            return new UnionAllOperator();
        }
        if (spec instanceof OperatorSpec.Aggregate aggregate) {
            return new AggregateOperator(aggregate.groupKeys(), aggregate.aggregates(), aggregate.scalar());
        }
        if (spec instanceof OperatorSpec.Join join) {
            return new JoinOperator(join.type(), join.leftKeys(), join.rightKeys(), join.nullSafe(), join.residual(),
                    join.leftWidth(), join.rightWidth());
        }
        if (spec instanceof OperatorSpec.Distinct) {
            return new DistinctOperator();
        }
        if (spec instanceof OperatorSpec.SetOp setOp) {
            return new SetOpOperator(setOp.kind(), setOp.all());
        }
        if (spec instanceof OperatorSpec.TopK topK) {
            return new TopKOperator(topK.partitionKeys(), topK.order(), topK.limit(), topK.offset());
        }
        if (spec instanceof OperatorSpec.Window window) {
            return new WindowOperator(window.partitionKeys(), window.order(), window.calls());
        }
        if (spec instanceof OperatorSpec.Sink) {
            return new SinkOperator();
        }
        throw new IllegalArgumentException("no operator for " + spec.getClass().getSimpleName());
    }
}
