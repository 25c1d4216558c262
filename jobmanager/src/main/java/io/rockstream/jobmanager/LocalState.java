package io.rockstream.jobmanager;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.statebackend.objectstore.ObjectStore;
import io.rockstream.statebackend.rocksdb.RocksDbStore;
import io.rockstream.statebackend.rocksdb.StateCheckpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TaskManager's RocksDB state in a fresh local directory: local disk is only a cache of
 * the object store, so every start restores into a new directory and every exit deletes
 * it. Directories left by killed processes are deleted at the next start. The directory
 * lives under {@code -Drockstream.localStateDir} (default: the system temp directory) and
 * the store gets {@code -Drockstream.stateMemoryBytes} of block cache and write buffers
 * (default 256 MiB).
 */
public final class LocalState implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalState.class);
    private static final String PREFIX = "rockstream-state-";
    static final long MEMORY_BUDGET = Long.getLong("rockstream.stateMemoryBytes", 256L << 20);

    private final RocksDbStore store;
    private final Path directory;

    private LocalState(RocksDbStore store, Path directory) {
        this.store = store;
        this.directory = directory;
    }

    /** A store restored from {@code checkpoint}, or an empty one. */
    public static LocalState restore(ObjectStore objects, Optional<StateCheckpoint> checkpoint) {
        Path base = Path.of(System.getProperty("rockstream.localStateDir", System.getProperty("java.io.tmpdir")));
        deleteAbandoned(base);
        Path directory = base.resolve(PREFIX + ProcessHandle.current().pid() + "-" + System.nanoTime());
        RocksDbStore store = checkpoint.isPresent()
                ? RocksDbStore.restore(objects, checkpoint.get(), directory, MEMORY_BUDGET)
                : RocksDbStore.open(directory, MEMORY_BUDGET);
        return new LocalState(store, directory);
    }

    public RocksDbStore store() {
        return store;
    }

    @Override
    public void close() {
        try {
            store.close();
        } finally {
            deleteRecursively(directory);
        }
    }

    /** Deletes the state directories of processes that no longer run. */
    private static void deleteAbandoned(Path base) {
        if (!Files.isDirectory(base)) {
            return;
        }
        try (Stream<Path> entries = Files.list(base)) {
            entries.filter(path -> path.getFileName().toString().startsWith(PREFIX)).forEach(path -> {
                String rest = path.getFileName().toString().substring(PREFIX.length());
                int dash = rest.indexOf('-');
                try {
                    long pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        return;
                    }
                } catch (NumberFormatException notOurs) {
                    return;
                }
                LOG.info("deleting the local state of a process that is gone: {}", path);
                deleteRecursively(path);
            });
        } catch (IOException e) {
            throw RockStreamException.of(ErrorCode.IO_ERROR, "cannot list %s: %s", base, e.getMessage()).withCause(e);
        }
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.warn("cannot delete {}: {}", file, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", path, e.toString());
        }
    }
}
