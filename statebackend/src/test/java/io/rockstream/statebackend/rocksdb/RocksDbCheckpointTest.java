package io.rockstream.statebackend.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobgraph.graph.SubtaskId;
import io.rockstream.jobgraph.graph.VertexId;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.statebackend.Arrangement;
import io.rockstream.statebackend.KeyedValueState;
import io.rockstream.statebackend.StateBackend;
import io.rockstream.statebackend.StateSerializers;
import io.rockstream.statebackend.objectstore.LocalObjectStore;
import io.rockstream.statebackend.objectstore.ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbCheckpointTest {
    private static final SubtaskId SUBTASK = new SubtaskId(JobId.of("orders_by_day"), VertexId.of(2), 0);
    private static final String PREFIX = "checkpoints/shared/tm-1";
    private static final int KEYS = 20_000;

    @TempDir
    Path temp;
    private ObjectStore objects;
    private RocksDbStore store;

    @BeforeEach
    void open() {
        objects = new LocalObjectStore(temp.resolve("objects"));
        store = RocksDbStore.open(temp.resolve("db"), 32L << 20);
    }

    @AfterEach
    void close() {
        store.close();
        objects.close();
    }

    /** KEYS value-state entries and KEYS/4 arrangement keys, each value about 100 bytes. */
    private void fill(StateBackend backend) {
        KeyedValueState<long[]> values = backend.valueState("aggregate", StateSerializers.LONGS);
        Arrangement rows = backend.arrangement("join-left");
        for (int i = 0; i < KEYS; i++) {
            long[] counts = new long[12];
            Arrays.fill(counts, 1_000_000_000L + i);
            values.put(Row.of("group-" + i), counts);
            rows.add(Row.of(i % (KEYS / 4)), Row.of(i, "payload-" + i), 1);
        }
        backend.endEpoch(1);
    }

    @Test
    void restoredStateEqualsTheCheckpointedStateAndLaterCheckpointsAreIncremental() {
        StateBackend backend = new RocksDbStateBackend(store, SUBTASK, 128, 64);
        fill(backend);
        StateCheckpoint first = store.checkpoint(objects, PREFIX).join();
        assertThat(first.reusedBytes()).isZero();
        assertThat(first.uploadedBytes()).isEqualTo(first.totalBytes()).isGreaterThan(100_000);

        // a few changes
        KeyedValueState<long[]> values = backend.valueState("aggregate", StateSerializers.LONGS);
        for (int i = 0; i < 10; i++) {
            values.get(Row.of("group-" + i))[0] = -i;
        }
        values.remove(Row.of("group-10"));
        backend.arrangement("join-left").add(Row.of(7), Row.of(7, "payload-7"), -1);
        backend.endEpoch(2);
        StateCheckpoint second = store.checkpoint(objects, PREFIX).join();
        System.out.printf("state checkpoint bytes: first uploaded %d; second uploaded %d, reused %d%n",
                first.uploadedBytes(), second.uploadedBytes(), second.reusedBytes());
        assertThat(second.uploadedBytes()).isLessThan(first.uploadedBytes() / 10);
        assertThat(second.reusedBytes()).isGreaterThanOrEqualTo(first.uploadedBytes() / 2);

        StateCheckpoint parsed = StateCheckpoint.fromJson(second.toJson());
        assertThat(parsed).isEqualTo(second);

        try (RocksDbStore restored = RocksDbStore.restore(objects, parsed, temp.resolve("restored"), 32L << 20)) {
            StateBackend again = new RocksDbStateBackend(restored, SUBTASK, 128, 64);
            KeyedValueState<long[]> restoredValues = again.valueState("aggregate", StateSerializers.LONGS);
            Arrangement restoredRows = again.arrangement("join-left");
            assertThat(restoredValues.size()).isEqualTo(KEYS - 1);
            assertThat(restoredValues.get(Row.of("group-3"))[0]).isEqualTo(-3);
            assertThat(restoredValues.get(Row.of("group-10"))).isNull();
            assertThat(restoredValues.get(Row.of("group-11"))[0]).isEqualTo(1_000_000_011L);
            assertThat(restoredRows.keyCount()).isEqualTo(KEYS / 4);
            assertThat(restoredRows.get(Row.of(7))).isEqualTo(Map.of(Row.of(5007, "payload-5007"), 1L,
                    Row.of(10007, "payload-10007"), 1L, Row.of(15007, "payload-15007"), 1L));

            // the restored store reuses the objects of the files it restored
            restoredValues.get(Row.of("group-11"))[0] = 0;
            again.endEpoch(3);
            StateCheckpoint third = restored.checkpoint(objects, PREFIX).join();
            assertThat(third.uploadedBytes()).isLessThan(first.uploadedBytes() / 10);
            Set<String> restoredSsts = parsed.files().stream().filter(StateFile::immutable)
                    .map(StateFile::objectKey).collect(Collectors.toSet());
            assertThat(third.objectKeys()).containsAll(restoredSsts);
            assertThat(third.incarnation()).isNotEqualTo(second.incarnation());
        }
    }

    @Test
    void garbageCollectionKeepsReferencedObjectsAndRemovesTheRest() {
        StateBackend backend = new RocksDbStateBackend(store, SUBTASK, 128, 64);
        fill(backend);
        StateCheckpoint first = store.checkpoint(objects, PREFIX).join();
        KeyedValueState<long[]> values = backend.valueState("aggregate", StateSerializers.LONGS);
        values.put(Row.of("late"), new long[] {1});
        backend.endEpoch(2);
        StateCheckpoint second = store.checkpoint(objects, PREFIX).join();
        objects.put("checkpoints/other/keep-me", new byte[] {1});

        Set<String> referenced = new HashSet<>(second.objectKeys());
        referenced.addAll(store.reusableObjectKeys());
        RocksDbStore.collectGarbage(objects, PREFIX, referenced);

        Set<String> left = objects.list(PREFIX + "/").stream().map(ObjectStore.ObjectInfo::key)
                .collect(Collectors.toSet());
        assertThat(left).containsAll(second.objectKeys());
        assertThat(left).allMatch(referenced::contains);
        Set<String> onlyFirst = new HashSet<>(first.objectKeys());
        onlyFirst.removeAll(second.objectKeys());
        assertThat(onlyFirst).isNotEmpty().noneMatch(left::contains);
        assertThat(objects.find("checkpoints/other/keep-me")).isPresent();

        try (RocksDbStore restored = RocksDbStore.restore(objects, second, temp.resolve("restored"), 32L << 20)) {
            assertThat(new RocksDbStateBackend(restored, SUBTASK, 128, 64)
                    .valueState("aggregate", StateSerializers.LONGS).get(Row.of("late"))).containsExactly(1);
        }
    }

    @Test
    void aTruncatedFileIsCorruptAndNothingIsLeftBehind() throws Exception {
        fill(new RocksDbStateBackend(store, SUBTASK, 128, 64));
        StateCheckpoint checkpoint = store.checkpoint(objects, PREFIX).join();
        StateFile sst = checkpoint.files().stream().filter(StateFile::immutable).findFirst().orElseThrow();
        byte[] data = objects.get(sst.objectKey());
        objects.put(sst.objectKey(), Arrays.copyOf(data, data.length / 2));

        Path target = temp.resolve("restored");
        assertThatThrownBy(() -> RocksDbStore.restore(objects, checkpoint, target, 32L << 20))
                .isInstanceOfSatisfying(RockStreamException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.DATA_CORRUPTED);
                    assertThat(error.sqlState()).isEqualTo("XX001");
                })
                .hasMessageContaining(sst.name());
        assertThat(Files.exists(target)).isFalse();
    }

    @Test
    void aFlippedByteIsCorrupt() {
        fill(new RocksDbStateBackend(store, SUBTASK, 128, 64));
        StateCheckpoint checkpoint = store.checkpoint(objects, PREFIX).join();
        StateFile sst = checkpoint.files().stream().filter(StateFile::immutable).findFirst().orElseThrow();
        byte[] data = objects.get(sst.objectKey());
        data[data.length / 3] ^= 0x01;
        objects.put(sst.objectKey(), data);

        assertThatThrownBy(() -> RocksDbStore.restore(objects, checkpoint, temp.resolve("restored"), 32L << 20))
                .isInstanceOfSatisfying(RockStreamException.class,
                        error -> assertThat(error.code()).isEqualTo(ErrorCode.DATA_CORRUPTED))
                .hasMessageContaining(sst.name());
    }

    @Test
    void aMissingObjectIsAnUndefinedFileAndNothingIsLeftBehind() {
        fill(new RocksDbStateBackend(store, SUBTASK, 128, 64));
        StateCheckpoint checkpoint = store.checkpoint(objects, PREFIX).join();
        StateFile sst = checkpoint.files().stream().filter(StateFile::immutable).reduce((a, b) -> b).orElseThrow();
        objects.delete(sst.objectKey());

        Path target = temp.resolve("restored");
        assertThatThrownBy(() -> RocksDbStore.restore(objects, checkpoint, target, 32L << 20))
                .isInstanceOfSatisfying(RockStreamException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.UNDEFINED_FILE);
                    assertThat(error.sqlState()).isEqualTo("58P01");
                })
                .hasMessageContaining(sst.name());
        assertThat(Files.exists(target)).isFalse();
    }

    @Test
    void checkpointJsonIsStable() {
        StateCheckpoint checkpoint = new StateCheckpoint(1, "inc", java.util.List.of(
                new StateFile("000012.sst", "p/inc/000012.sst", 10, 0xCAFEL)), 10, 0);
        assertThat(new String(checkpoint.toJson(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(
                "{\"formatVersion\":1,\"incarnation\":\"inc\",\"files\":[{\"name\":\"000012.sst\","
                        + "\"objectKey\":\"p/inc/000012.sst\",\"size\":10,\"crc32c\":51966}],"
                        + "\"uploadedBytes\":10,\"reusedBytes\":0}");
        assertThatThrownBy(() -> StateCheckpoint.fromJson("{\"formatVersion\":1,\"files\":".getBytes()))
                .isInstanceOfSatisfying(RockStreamException.class,
                        error -> assertThat(error.code()).isEqualTo(ErrorCode.DATA_CORRUPTED));
    }
}
