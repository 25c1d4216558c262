package io.rockstream.taskmanager.operator;

import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobgraph.graph.SubtaskId;
import io.rockstream.jobgraph.graph.VertexId;
import io.rockstream.statebackend.HeapStateBackend;
import io.rockstream.statebackend.StateBackend;
import io.rockstream.statebackend.rocksdb.RocksDbStateBackend;
import io.rockstream.statebackend.rocksdb.RocksDbStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The state backends operator tests run against. RocksDB gets a cache of 8 entries per
 * state, so that state really goes through the serializers and the database.
 */
final class TestStates implements AutoCloseable {
    static final SubtaskId SUBTASK = new SubtaskId(JobId.of("test"), VertexId.of(1), 0);

    /** Which backend a parameterized test runs with. */
    enum Kind { HEAP, ROCKSDB }

    private final Kind kind;
    private Path directory;
    private RocksDbStore store;
    private int created;

    TestStates(Kind kind) {
        this.kind = kind;
    }

    /** A backend over empty state: each call gets a subtask of its own in the shared store. */
    StateBackend create() {
        created++;
        return switch (kind) {
            case HEAP -> new HeapStateBackend();
            case ROCKSDB -> new RocksDbStateBackend(store(),
                    new SubtaskId(SUBTASK.job(), VertexId.of(created), 0), 128, 8);
        };
    }

    private RocksDbStore store() {
        if (store == null) {
            try {
                directory = Files.createTempDirectory("rockstream-operator-state");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            store = RocksDbStore.open(directory.resolve("db"), 16L << 20);
        }
        return store;
    }

    @Override
    public void close() {
        if (store != null) {
            store.close();
            deleteRecursively(directory);
        }
    }

    static void deleteRecursively(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
