package io.rockstream.taskmanager.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.jobgraph.expr.AggregateCall;
import io.rockstream.jobgraph.expr.AggregateKind;
import io.rockstream.jobgraph.expr.SortKey;
import io.rockstream.jobgraph.expr.WindowCall;
import io.rockstream.jobgraph.expr.WindowFrame;
import io.rockstream.jobgraph.expr.WindowKind;
import io.rockstream.jobgraph.graph.JoinType;
import io.rockstream.jobgraph.graph.OperatorSpec.SetOpKind;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.jobgraph.type.SqlType;
import io.rockstream.statebackend.HeapStateBackend;
import io.rockstream.statebackend.StateBackend;
import io.rockstream.statebackend.objectstore.LocalObjectStore;
import io.rockstream.statebackend.objectstore.ObjectStore;
import io.rockstream.statebackend.rocksdb.RocksDbStateBackend;
import io.rockstream.statebackend.rocksdb.RocksDbStore;
import io.rockstream.statebackend.rocksdb.StateCheckpoint;
import io.rockstream.taskmanager.aggregate.AccumulatorStateTest;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An operator opened over state restored from a checkpoint continues exactly like one that
 * never stopped: each stateful operator runs on RocksDB next to a reference on the heap
 * (outputs must match every epoch), the store is checkpointed to an object store and
 * restored into a fresh directory, and a new operator instance over the restored state gets
 * the same further deltas as the reference.
 */
class OperatorRestoreTest {
    private static final int EPOCHS = 12;

    @TempDir
    Path temp;

    /** One stateful operator and the rows its inputs receive. */
    record Case(String name, Supplier<Operator> operator, int inputs, Function<Random, Row> rows) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        Function<Random, Row> small = random -> Row.of(random.nextInt(4) == 0 ? null : random.nextInt(5),
                new BigDecimal(random.nextInt(30)).movePointLeft(random.nextInt(3)), "v" + random.nextInt(4));
        WindowFrame whole = new WindowFrame(WindowFrame.Mode.ROWS, WindowFrame.Bound.UNBOUNDED_PRECEDING, 0,
                WindowFrame.Bound.CURRENT_ROW, 0);
        return Stream.of(
                new Case("grouped aggregate", () -> new AggregateOperator(List.of(0), AccumulatorStateTest.CALLS,
                        false), 1, AccumulatorStateTest::randomRow),
                new Case("aggregate grouped by numeric and text", () -> new AggregateOperator(List.of(1, 3),
                        AccumulatorStateTest.CALLS.subList(0, 10), false), 1, AccumulatorStateTest::randomRow),
                new Case("scalar aggregate", () -> new AggregateOperator(List.of(), AccumulatorStateTest.CALLS, true),
                        1, AccumulatorStateTest::randomRow),
                new Case("full join", () -> new JoinOperator(JoinType.FULL, List.of(0), List.of(0), List.of(false),
                        null, 3, 3), 2, small),
                new Case("inner join on numeric", () -> new JoinOperator(JoinType.INNER, List.of(1), List.of(1),
                        List.of(true), null, 3, 3), 2, small),
                new Case("distinct", DistinctOperator::new, 1, small),
                new Case("intersect all", () -> new SetOpOperator(SetOpKind.INTERSECT, true), 2, small),
                new Case("except", () -> new SetOpOperator(SetOpKind.EXCEPT, false), 2, small),
                new Case("top-k", () -> new TopKOperator(List.of(0), List.of(SortKey.ascending(1)), 3, 1), 1, small),
                new Case("window", () -> new WindowOperator(List.of(0), List.of(SortKey.ascending(1)), List.of(
                        new WindowCall(WindowKind.ROW_NUMBER, List.of(), WindowFrame.DEFAULT, SqlType.BIGINT),
                        new WindowCall(WindowKind.MAX, List.of(2), whole, SqlType.TEXT))), 1, small));
    }

    /** Runs an operator epoch by epoch over its own state backend. */
    private static final class Runner {
        final Operator operator;
        final StateBackend state;
        long epoch;

        Runner(Operator operator, StateBackend state, long epoch) {
            this.operator = operator;
            this.state = state;
            this.epoch = epoch;
            operator.open(new FakeOperatorContext(state));
        }

        ZSet epoch(List<ZSet> deltas) {
            ZSet output = new ZSet();
            for (int input = 0; input < deltas.size(); input++) {
                operator.processBatch(input, deltas.get(input), output::add);
            }
            operator.finishEpoch(++epoch, output::add);
            state.endEpoch(epoch);
            return output.consolidate();
        }
    }

    /** Random inserts and deletes of earlier inserts, per input. */
    private static List<ZSet> deltas(Case testCase, Random random, List<List<Row>> present) {
        List<ZSet> deltas = new ArrayList<>();
        for (int input = 0; input < testCase.inputs(); input++) {
            ZSet delta = new ZSet();
            List<Row> rows = present.get(input);
            int changes = random.nextInt(12);
            for (int i = 0; i < changes; i++) {
                if (!rows.isEmpty() && random.nextInt(3) == 0) {
                    delta.add(rows.remove(random.nextInt(rows.size())), -1);
                } else {
                    Row row = testCase.rows().apply(random);
                    rows.add(row);
                    delta.add(row, 1);
                }
            }
            deltas.add(delta);
        }
        return deltas;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void restoredOperatorContinuesLikeTheOriginal(Case testCase) {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        String context = testCase + ", seed " + seed;
        List<List<Row>> present = new ArrayList<>();
        for (int input = 0; input < testCase.inputs(); input++) {
            present.add(new ArrayList<>());
        }
        Runner reference = new Runner(testCase.operator().get(), new HeapStateBackend(), 0);
        StateCheckpoint checkpoint;
        try (ObjectStore objects = new LocalObjectStore(temp.resolve("objects"))) {
            try (RocksDbStore store = RocksDbStore.open(temp.resolve("db"), 16L << 20)) {
                Runner original = new Runner(testCase.operator().get(),
                        new RocksDbStateBackend(store, TestStates.SUBTASK, 128, 8), 0);
                for (int epoch = 1; epoch <= EPOCHS; epoch++) {
                    List<ZSet> deltas = deltas(testCase, random, present);
                    assertThat(original.epoch(deltas).toMap()).as(context + ", epoch " + epoch)
                            .isEqualTo(reference.epoch(deltas).toMap());
                }
                checkpoint = store.checkpoint(objects, "checkpoints/shared/tm").join();
            }
            try (RocksDbStore store = RocksDbStore.restore(objects, checkpoint, temp.resolve("restored"), 16L << 20)) {
                Runner restored = new Runner(testCase.operator().get(),
                        new RocksDbStateBackend(store, TestStates.SUBTASK, 128, 8), EPOCHS);
                for (int epoch = EPOCHS + 1; epoch <= 2 * EPOCHS; epoch++) {
                    List<ZSet> deltas = deltas(testCase, random, present);
                    assertThat(restored.epoch(deltas).toMap()).as(context + ", epoch " + epoch + " after restore")
                            .isEqualTo(reference.epoch(deltas).toMap());
                }
            }
        }
    }
}
