package io.rockstream.statebackend.rocksdb;

import static java.util.Objects.requireNonNull;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.statebackend.objectstore.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Some column families of a state checkpoint, read-only: only their SST files are
 * downloaded (with the database's own small files, and SSTs whose family the checkpoint did
 * not record), so restoring one job's slots from another TaskManager's checkpoint fetches
 * that job's state, not the whole store. RocksDB opens a read-only database with a subset of
 * its families and does not touch the files of the others. Closing deletes the download.
 */
public final class CheckpointReader implements StateSource, AutoCloseable {
    static {
        RocksDB.loadLibrary();
    }

    private final Path directory;
    private final DBOptions options;
    private final ColumnFamilyOptions familyOptions;
    private final RocksDB database;
    private final List<ColumnFamilyHandle> handles;
    private final Map<String, ColumnFamilyHandle> families = new TreeMap<>();
    private final long downloadedBytes;

    private CheckpointReader(Path directory, DBOptions options, ColumnFamilyOptions familyOptions, RocksDB database,
            List<ColumnFamilyDescriptor> descriptors, List<ColumnFamilyHandle> handles, long downloadedBytes) {
        this.directory = directory;
        this.options = options;
        this.familyOptions = familyOptions;
        this.database = database;
        this.handles = handles;
        this.downloadedBytes = downloadedBytes;
        for (int i = 1; i < handles.size(); i++) {
            families.put(new String(descriptors.get(i).getName(), StandardCharsets.UTF_8), handles.get(i));
        }
    }

    /**
     * Downloads what the families {@code wanted} accepts need from {@code checkpoint} into
     * {@code freshDirectory} (absent or empty; removed again on failure) and opens them.
     * Missing or damaged files fail as {@link RocksDbStore#restore} does.
     */
    public static CheckpointReader open(ObjectStore objects, StateCheckpoint checkpoint, Path freshDirectory,
            Predicate<String> wanted) {
        requireNonNull(objects, "objects is null");
        requireNonNull(checkpoint, "checkpoint is null");
        requireNonNull(wanted, "wanted is null");
        try {
            Files.createDirectories(freshDirectory);
        } catch (IOException e) {
            throw RockStreamException.of(ErrorCode.IO_ERROR, "cannot create state directory %s: %s", freshDirectory,
                    e.getMessage()).withCause(e);
        }
        long bytes = 0;
        DBOptions options = null;
        ColumnFamilyOptions familyOptions = null;
        try {
            for (StateFile file : checkpoint.files()) {
                if (!file.immutable() || file.family() == null || wanted.test(file.family())) {
                    RocksDbStore.download(objects, file, freshDirectory.resolve(file.name()));
                    bytes += file.size();
                }
            }
            List<byte[]> names;
            try (Options listing = new Options()) {
                names = RocksDB.listColumnFamilies(listing, freshDirectory.toString());
            }
            familyOptions = new ColumnFamilyOptions();
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, familyOptions));
            for (byte[] name : names) {
                if (!Arrays.equals(name, RocksDB.DEFAULT_COLUMN_FAMILY)
                        && wanted.test(new String(name, StandardCharsets.UTF_8))) {
                    descriptors.add(new ColumnFamilyDescriptor(name, familyOptions));
                }
            }
            // the other families' files are absent: no check of every file at open, and files opened as read
            options = new DBOptions().setParanoidChecks(false).setMaxOpenFiles(256);
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            RocksDB database = RocksDB.openReadOnly(options, freshDirectory.toString(), descriptors, handles);
            return new CheckpointReader(freshDirectory, options, familyOptions, database, descriptors, handles, bytes);
        } catch (RocksDBException e) {
            close(options, familyOptions);
            RocksDbStore.deleteDirectory(freshDirectory);
            throw RockStreamException.of(ErrorCode.IO_ERROR, "could not open the state checkpoint in %s: %s",
                    freshDirectory, e.getMessage()).withCause(e);
        } catch (RuntimeException e) {
            close(options, familyOptions);
            RocksDbStore.deleteDirectory(freshDirectory);
            throw e;
        }
    }

    private static void close(DBOptions options, ColumnFamilyOptions familyOptions) {
        if (options != null) {
            options.close();
        }
        if (familyOptions != null) {
            familyOptions.close();
        }
    }

    /** Bytes downloaded to open it. */
    public long downloadedBytes() {
        return downloadedBytes;
    }

    @Override
    public Map<String, ColumnFamilyHandle> familiesByName() {
        return Collections.unmodifiableMap(families);
    }

    @Override
    public RocksIterator iterator(ColumnFamilyHandle family) {
        return database.newIterator(family);
    }

    @Override
    public void close() {
        handles.forEach(ColumnFamilyHandle::close);
        database.close();
        close(options, familyOptions);
        RocksDbStore.deleteDirectory(directory);
    }
}
