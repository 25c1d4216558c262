package io.rockstream.taskmanager.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.expr.AggregateCall;
import io.rockstream.jobgraph.expr.AggregateKind;
import io.rockstream.jobgraph.expr.SortKey;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.RowCodec;
import io.rockstream.jobgraph.type.SqlType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every accumulator's state round-trips: an accumulator restored from another's state gives
 * the same result, writes the same bytes, and keeps giving the same results as both
 * continue with the same rows (including deletes back to empty).
 */
public class AccumulatorStateTest {
    // columns: 0 integer, 1 numeric, 2 double, 3 text, 4 boolean, 5 delimiter, 6 filter, 7 bigint
    public static final List<AggregateCall> CALLS = List.of(
            call(AggregateKind.COUNT_STAR, SqlType.BIGINT),
            call(AggregateKind.COUNT, SqlType.BIGINT, 0),
            call(AggregateKind.SUM, SqlType.BIGINT, 0),
            call(AggregateKind.SUM, SqlType.NUMERIC, 7),
            call(AggregateKind.SUM, SqlType.NUMERIC, 1),
            call(AggregateKind.SUM, SqlType.DOUBLE, 2),
            call(AggregateKind.AVG, SqlType.NUMERIC, 1),
            call(AggregateKind.AVG, SqlType.DOUBLE, 2),
            call(AggregateKind.MIN, SqlType.TEXT, 3),
            call(AggregateKind.MAX, SqlType.NUMERIC, 1),
            call(AggregateKind.MAX, SqlType.DOUBLE, 2),
            call(AggregateKind.BOOL_AND, SqlType.BOOLEAN, 4),
            call(AggregateKind.BOOL_OR, SqlType.BOOLEAN, 4),
            new AggregateCall(AggregateKind.STRING_AGG, List.of(3, 5), false,
                    List.of(new SortKey(0, true, false)), -1, SqlType.TEXT),
            call(AggregateKind.VAR_SAMP, SqlType.NUMERIC, 1),
            call(AggregateKind.VAR_POP, SqlType.DOUBLE, 2),
            call(AggregateKind.STDDEV_SAMP, SqlType.DOUBLE, 2),
            call(AggregateKind.STDDEV_POP, SqlType.NUMERIC, 0),
            call(AggregateKind.SINGLE_VALUE, SqlType.TEXT, 3),
            new AggregateCall(AggregateKind.COUNT, List.of(0), true, List.of(), -1, SqlType.BIGINT),
            new AggregateCall(AggregateKind.SUM, List.of(1), true, List.of(), 6, SqlType.NUMERIC),
            new AggregateCall(AggregateKind.AVG, List.of(2), false, List.of(), 6, SqlType.DOUBLE));

    private static AggregateCall call(AggregateKind kind, SqlType type, Integer... args) {
        return new AggregateCall(kind, List.of(args), false, List.of(), -1, type);
    }

    public static Row randomRow(Random random) {
        double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.1};
        return Row.of(
                random.nextInt(5) == 0 ? null : random.nextInt(7) - 3,
                random.nextInt(5) == 0 ? null : new BigDecimal(random.nextInt(2000) - 1000).movePointLeft(
                        random.nextInt(4)),
                random.nextInt(5) == 0 ? null : random.nextInt(8) == 0 ? specials[random.nextInt(specials.length)]
                        : random.nextDouble() * 100,
                random.nextInt(5) == 0 ? null : "t" + random.nextInt(6),
                random.nextInt(4) == 0 ? null : random.nextBoolean(),
                random.nextInt(3) == 0 ? null : random.nextBoolean() ? "," : ";",
                random.nextInt(4) == 0 ? null : random.nextBoolean(),
                random.nextInt(3) == 0 ? Long.MAX_VALUE - random.nextInt(3) : (long) random.nextInt(100));
    }

    private static byte[] state(Accumulator accumulator) {
        RowCodec.Writer writer = new RowCodec.Writer(64);
        accumulator.writeState(writer);
        return writer.toByteArray();
    }

    private static Accumulator restored(AggregateCall call, byte[] state) {
        Accumulator accumulator = Accumulators.create(call);
        RowCodec.Reader reader = new RowCodec.Reader(state, 0, state.length);
        accumulator.readState(reader);
        reader.expectEnd();
        return accumulator;
    }

    private static Object result(Accumulator accumulator) {
        try {
            return accumulator.result();
        } catch (RockStreamException error) {
            return error.sqlState();
        }
    }

    @Test
    void everyAccumulatorRoundTripsAndContinuesAlike() {
        roundTrips(new Random().nextLong());
    }

    /**
     * A seed that failed once: SUM(DISTINCT) wrote its HashMap in the map's order, which after
     * removals differed from a restored copy's, so equal states had different bytes.
     */
    @Test
    void regressionSeedWithDistinctStateAfterRemovals() {
        roundTrips(4560400912761962021L);
    }

    private static void roundTrips(long seed) {
        Random random = new Random(seed);
        for (AggregateCall call : CALLS) {
            String context = "seed " + seed + ", " + call;
            Accumulator original = Accumulators.create(call);
            List<Row> added = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Row row = randomRow(random);
                original.add(row, 1);
                added.add(row);
            }
            Accumulator copy = restored(call, state(original));
            assertThat(state(copy)).as(context).isEqualTo(state(original));
            assertThat(result(copy)).as(context).isEqualTo(result(original));
            for (int i = 0; i < 40; i++) {
                boolean delete = !added.isEmpty() && random.nextInt(3) > 0;
                Row row = delete ? added.remove(random.nextInt(added.size())) : randomRow(random);
                original.add(row, delete ? -1 : 1);
                copy.add(row, delete ? -1 : 1);
                if (!delete) {
                    added.add(row);
                }
                assertThat(result(copy)).as(context + ", step " + i).isEqualTo(result(original));
                copy = restored(call, state(copy));
            }
            for (Row row : added) {
                original.add(row, -1);
                copy.add(row, -1);
            }
            assertThat(result(copy)).as(context).isEqualTo(result(original));
            assertThat(state(copy)).as(context).isEqualTo(state(original));
        }
    }
}
