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

/** Importing a slot's state from a checkpoint, or copying a key-group range of it, from one store into another. */
class RocksDbStoreCopyTest {
    @TempDir
    Path directory;

    private static final JobId JOB = JobId.of("v");

    private static byte[] key(int keyGroup, int n) {
        return new byte[] {(byte) (keyGroup >>> 8), (byte) keyGroup, (byte) n};
    }

    /** A store in {@code name} under the test's directory. */
    private RocksDbStore store(String name) {
        return RocksDbStore.open(directory.resolve(name), 8 << 20);
    }

    /** The object store checkpoints go to. */
    private io.rockstream.statebackend.objectstore.LocalObjectStore objects() {
        return new io.rockstream.statebackend.objectstore.LocalObjectStore(directory.resolve("objects"));
    }

    /** Subtask {@code index} of vertex 3 holds one entry in each key group of {@code groups}, in state "s". */
    private static void fill(RocksDbStore store, int index, int... groups) throws Exception {
        var family = store.columnFamily(new SubtaskId(JOB, VertexId.of(3), index), "s");
        try (WriteBatch batch = new WriteBatch()) {
            for (int group : groups) {
                batch.put(family, key(group, index), new byte[] {(byte) index});
            }
            store.write(batch, List.of(family));
        }
    }

    /** Job w's subtask 0 holds 1,000 entries of 100 bytes, in state "s". */
    private static void fillOtherJob(RocksDbStore store) throws Exception {
        var other = store.columnFamily(new SubtaskId(JobId.of("w"), VertexId.of(3), 0), "s");
        try (WriteBatch batch = new WriteBatch()) {
            for (int i = 0; i < 1000; i++) {
                batch.put(other, key(i, 1), new byte[100]);
            }
            store.write(batch, List.of(other));
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
    void aKeyGroupRangeIsTakenFromAnOldSubtaskIntoANewOne() throws Exception {
        try (RocksDbStore source = store("a"); RocksDbStore target = store("b")) {
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
    void aCheckpointReaderDownloadsOnlyTheFamiliesItOpens() throws Exception {
        var objects = objects();
        try (RocksDbStore source = store("a"); RocksDbStore target = store("b")) {
            fill(source, 0, 1, 2, 3);
            fill(source, 1, 4, 5);
            fillOtherJob(source);
            StateCheckpoint checkpoint = source.checkpoint(objects, "state").join();
            assertThat(checkpoint.files()).filteredOn(file -> file.name().endsWith(".sst"))
                    .allMatch(file -> file.family() != null, "every SST names its family");
            long slotFiles = checkpoint.files().stream().filter(file -> file.family() != null
                    && RocksDbStore.holdsSlot(file.family(), JOB, java.util.Set.of(1))).mapToLong(StateFile::size).sum();
            try (CheckpointReader reader = CheckpointReader.open(objects, checkpoint, directory.resolve("r"),
                    family -> RocksDbStore.holdsSlot(family, JOB, java.util.Set.of(1)))) {
                assertThat(reader.familiesByName().keySet()).containsExactly("v/v3#1/s");
                assertThat(reader.downloadedBytes()).as("slot 1's SSTs and the small files, not job w's")
                        .isGreaterThanOrEqualTo(slotFiles).isLessThan(checkpoint.totalBytes());
                assertThat(target.importSlot(reader, JOB, 1)).isEqualTo(1);
                assertThat(groups(target, 1)).containsExactly(4, 5);
                assertThat(target.columnFamilyNames()).noneMatch(name -> name.startsWith("w/"));
            }
            assertThat(directory.resolve("r")).doesNotExist();
        }
    }

    @Test
    void aSlotIsImportedWholeFromACheckpointAndLiveWritesWinOverItsEntries() throws Exception {
        var objects = objects();
        try (RocksDbStore source = store("a"); RocksDbStore target = store("b")) {
            // the source's entries carry higher sequence numbers than anything the target wrote
            fillOtherJob(source);
            fill(source, 0, 1, 2, 3);
            fill(source, 1, 4, 5, 6);
            fill(target, 2, 9); // the target has its own families already
            source.columnFamily(new SubtaskId(JOB, VertexId.of(4), 1), "empty"); // exports no file
            StateCheckpoint checkpoint = source.checkpoint(objects, "state").join();
            try (CheckpointReader reader = CheckpointReader.open(objects, checkpoint, directory.resolve("r"),
                    family -> RocksDbStore.holdsSlot(family, JOB, java.util.Set.of(0, 1)))) {
                assertThat(target.importSlot(reader, JOB, 1)).isEqualTo(2);
                assertThat(target.columnFamilyNames()).contains("v/v4#1/empty");
                assertThat(groups(target, 1)).containsExactly(4, 5, 6);
                assertThat(groups(target, 0)).as("slot 0 not imported").isEmpty();
                // slot 0's family exists now (empty): it is copied entry by entry instead
                assertThat(target.importSlot(reader, JOB, 0)).isZero();
                assertThat(groups(target, 0)).containsExactly(1, 2, 3);
                assertThat(directory).isDirectoryNotContaining(path -> path.getFileName().toString().contains(".export-"));
            }
            assertThat(directory.resolve("r")).doesNotExist();
            var imported = target.columnFamily(new SubtaskId(JOB, VertexId.of(3), 1), "s");
            try (WriteBatch batch = new WriteBatch()) {
                batch.put(imported, key(5, 1), new byte[] {42});
                batch.delete(imported, key(6, 1));
                target.write(batch, List.of(imported));
            }
            assertThat(target.get(imported, key(5, 1))).containsExactly(42);
            assertThat(groups(target, 1)).containsExactly(4, 5);
            // the imported files are the target's own now: its checkpoint carries them, under the keys they
            // were checkpointed with (not uploaded again); the restore below checks their sizes and CRC32Cs
            StateCheckpoint again = target.checkpoint(objects, "state").join();
            java.util.Set<String> sourceKeys = new java.util.HashSet<>();
            checkpoint.files().forEach(file -> sourceKeys.add(file.objectKey()));
            assertThat(again.files()).filteredOn(file -> "v/v3#1/s".equals(file.family()))
                    .anyMatch(file -> sourceKeys.contains(file.objectKey()));
            assertThat(again.reusedBytes()).isPositive();
            try (RocksDbStore restored = RocksDbStore.restore(objects, again, directory.resolve("c"), 8 << 20)) {
                assertThat(groups(restored, 1)).containsExactly(4, 5);
                assertThat(restored.get(restored.columnFamily(new SubtaskId(JOB, VertexId.of(3), 1), "s"), key(5, 1)))
                        .containsExactly(42);
                assertThat(groups(restored, 2)).containsExactly(9);
            }
        }
    }

    @Test
    void slotsAreToldByTheirIndex() {
        assertThat(RocksDbStore.holdsSlot("v/v3#1/s", JOB, java.util.Set.of(1))).isTrue();
        assertThat(RocksDbStore.holdsSlot("v/v3#12/s", JOB, java.util.Set.of(1))).isFalse();
        assertThat(RocksDbStore.holdsSlot("vv/v3#1/s", JOB, java.util.Set.of(1))).isFalse();
        assertThat(RocksDbStore.holdsSlot("%raw", JOB, java.util.Set.of(1))).isFalse();
    }

    @Test
    void aClosedStoreTakesNoCopy() throws Exception {
        RocksDbStore source = store("a");
        RocksDbStore target = store("b");
        fill(source, 0, 1);
        target.close();
        assertThatThrownBy(() -> target.copyKeyGroups(source, JOB, "v3", 0, 0, 0, RocksDbStore.ALL_KEY_GROUPS))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        source.close();
    }

    /**
     * A scan under way when its store closes stops with an error within a few entries, and
     * the close waits for it, so the scan never reads through freed handles (a rebuild read
     * its inputs this way while the JobManager shut down, and crashed the JVM in RocksDB).
     */
    @Test
    void aScanUnderWayWhenItsStoreClosesStopsBeforeTheHandlesAreFreed() throws Exception {
        RocksDbStore store = store("a");
        try (RocksDbStore.RawBatch batch = store.newBatch()) {
            for (int i = 0; i < 5000; i++) {
                batch.put("t", key(i % 200, i), new byte[] {1});
            }
            store.write(batch);
        }
        java.util.concurrent.CountDownLatch scanning = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger visited = new java.util.concurrent.atomic.AtomicInteger();
        RocksDbStore.RawSnapshot snapshot = store.snapshot();
        java.util.concurrent.CompletableFuture<Void> scan = java.util.concurrent.CompletableFuture.runAsync(() ->
                snapshot.scan("t", new byte[0], (key, value) -> {
                    if (visited.incrementAndGet() == 10) {
                        scanning.countDown();
                        try {
                            Thread.sleep(300); // the store closes meanwhile
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return true;
                }));
        assertThat(scanning.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        store.close();
        assertThat(scan).as("stopped once the store was closing").isCompletedExceptionally();
        assertThatThrownBy(scan::join).hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(visited.get()).isLessThan(5000);
        snapshot.close();
    }
}
