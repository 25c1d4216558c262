package io.rockstream.taskmanager.aggregate;

import io.rockstream.jobgraph.expr.AggregateCall;
import io.rockstream.jobgraph.type.TypeKind;
import java.util.List;

/** Creates the accumulator of an aggregate call. */
public final class Accumulators {
    private Accumulators() {
    }

    public static Accumulator create(AggregateCall call) {
        List<Integer> args = call.args();
        int first = args.isEmpty() ? -1 : args.get(0);
        TypeKind result = call.type().kind();
        Accumulator accumulator = switch (call.kind()) {
            case COUNT_STAR -> new CountAccumulator(-1);
            case COUNT -> new CountAccumulator(first);
            case SUM -> new SumAccumulator(first, result);
            case AVG -> new AvgAccumulator(first, result);
            case MIN -> new MinMaxAccumulator(first, false);
            case MAX -> new MinMaxAccumulator(first, true);
            case BOOL_AND -> new BoolAccumulator(first, true);
            case BOOL_OR -> new BoolAccumulator(first, false);
            case STRING_AGG -> new StringAggAccumulator(first, args.get(1), call.orderBy());
            case STDDEV_SAMP, STDDEV_POP, VAR_SAMP, VAR_POP -> new VarianceAccumulator(first, call.kind(), result);
            case SINGLE_VALUE -> new SingleValueAccumulator(first);
        };
        if (call.distinct()) {
            accumulator = new DistinctAccumulator(accumulator, args.stream().mapToInt(Integer::intValue).toArray());
        }
        if (call.filterColumn() >= 0) {
            accumulator = new FilteredAccumulator(accumulator, call.filterColumn());
        }
        return accumulator;
    }
}
