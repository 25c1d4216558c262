package io.rockstream.statebackend.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobgraph.graph.SubtaskId;
import io.rockstream.jobgraph.graph.VertexId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/** Copying a slot's state, or a key-group range of it, from one store into another. */
class RocksDbStoreCopyTest {
    @TempDir
    Path directory;

    private static final JobId JOB = JobId.of("v");

    private static byte[] key(int keyGroup, int n) {
        return new byte[] {(byte) (keyGroup >>> 8), (byte) keyGroup, (byte) n};
    }

    /** Subtask {@code index} of vertex 3 holds one entry in each key group of {@code groups}, in state "s". */
    private static void fill(RocksDbStore store, int index, int... groups) throws Exception {
        var family = store.columnFamily(new SubtaskId(JOB, VertexId.of(3), index), "s");
        try (WriteBatch batch = new WriteBatch()) {
            for (int group : groups) {
                batch.put(family, key(group, index), new byte[] {(byte) index});
            }
            store.write(batch);
        }
    }

    private static List<Integer> groups(RocksDbStore store, int index) {
        List<Integer> groups = new ArrayList<>();
        try (RocksIterator iterator = store.newIterator(store.columnFamily(new SubtaskId(JOB, VertexId.of(3), index), "s"))) {
            for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                groups.add(((iterator.key()[0] & 0xFF) << 8) | (iterator.key()[1] & 0xFF));
            }
        }
        return groups;
    }

    @Test
    void aSlotIsCopiedWholeAndOtherSlotsAndJobsStayBehind() throws Exception {
        try (RocksDbStore source = RocksDbStore.open(directory.resolve("a"), 8 << 20);
                RocksDbStore target = RocksDbStore.open(directory.resolve("b"), 8 << 20)) {
            fill(source, 0, 1, 300, 70_00);
            fill(source, 1, 2, 5);
            var other = source.columnFamily(new SubtaskId(JobId.of("w"), VertexId.of(3), 0), "s");
            try (WriteBatch batch = new WriteBatch()) {
                batch.put(other, key(1, 9), new byte[] {9});
                source.write(batch);
            }
            assertThat(target.copySlot(source, JOB, 0)).isEqualTo(3);
            assertThat(groups(target, 0)).containsExactly(1, 300, 7000);
            assertThat(groups(target, 1)).as("slot 1 not copied").isEmpty();
            assertThat(target.columnFamilyNames()).noneMatch(name -> name.startsWith("w/"));
        }
    }

    @Test
    void aKeyGroupRangeIsTakenFromAnOldSubtaskIntoANewOne() throws Exception {
        try (RocksDbStore source = RocksDbStore.open(directory.resolve("a"), 8 << 20);
                RocksDbStore target = RocksDbStore.open(directory.resolve("b"), 8 << 20)) {
            fill(source, 0, 0, 10, 99, 100, 255, 256, 4000);
            fill(source, 1, 101, 102);
            assertThat(target.copyKeyGroups(source, JOB, "v3", 0, 2, 100, 256)).isEqualTo(2);
            assertThat(target.copyKeyGroups(source, JOB, "v3", 1, 2, 100, 256)).isEqualTo(2);
            assertThat(groups(target, 2)).containsExactly(100, 101, 102, 255);
            assertThat(target.copyKeyGroups(source, JOB, "v3", 0, 0, 0, RocksDbStore.ALL_KEY_GROUPS)).isEqualTo(7);
            assertThat(groups(target, 0)).containsExactly(0, 10, 99, 100, 255, 256, 4000);
        }
    }

    @Test
    void aClosedStoreTakesNoCopy() throws Exception {
        RocksDbStore source = RocksDbStore.open(directory.resolve("a"), 8 << 20);
        RocksDbStore target = RocksDbStore.open(directory.resolve("b"), 8 << 20);
        fill(source, 0, 1);
        target.close();
        assertThatThrownBy(() -> target.copySlot(source, JOB, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        source.close();
    }
}
