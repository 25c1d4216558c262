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
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.ExportImportFilesMetaData;
import org.rocksdb.LiveFileMetaData;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Some column families of a state checkpoint, to read or to import whole: only their SST
 * files are downloaded (with the database's own small files, and SSTs whose family the
 * checkpoint did not record), so restoring one job's slots from another TaskManager's
 * checkpoint fetches that job's state, not the whole store. The download is a private copy,
 * opened as a database of its own (read-write, since RocksDB exports a family only from
 * one) with every family listed, compactions off and no check of files at open: the other
 * families' files are absent and never read. Closing deletes the download.
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
    /** The checkpoint's files that were downloaded, by file name. */
    private final Map<String, StateFile> downloaded;

    private CheckpointReader(Path directory, DBOptions options, ColumnFamilyOptions familyOptions, RocksDB database,
            List<ColumnFamilyDescriptor> descriptors, List<ColumnFamilyHandle> handles,
            Map<String, StateFile> downloaded, Predicate<String> wanted) {
        this.directory = directory;
        this.options = options;
        this.familyOptions = familyOptions;
        this.database = database;
        this.handles = handles;
        this.downloaded = downloaded;
        for (int i = 1; i < handles.size(); i++) {
            String name = new String(descriptors.get(i).getName(), StandardCharsets.UTF_8);
            if (wanted.test(name)) {
                families.put(name, handles.get(i));
            }
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
        Map<String, StateFile> downloaded = new TreeMap<>();
        DBOptions options = null;
        ColumnFamilyOptions familyOptions = null;
        try {
            for (StateFile file : checkpoint.files()) {
                if (!file.immutable() || file.family() == null || wanted.test(file.family())) {
                    RocksDbStore.download(objects, file, freshDirectory.resolve(file.name()));
                    downloaded.put(file.name(), file);
                }
            }
            List<byte[]> names;
            try (Options listing = new Options()) {
                names = RocksDB.listColumnFamilies(listing, freshDirectory.toString());
            }
            // nothing but reads and exports: no compaction would touch the absent files
            familyOptions = new ColumnFamilyOptions().setDisableAutoCompactions(true);
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, familyOptions));
            for (byte[] name : names) {
                if (!Arrays.equals(name, RocksDB.DEFAULT_COLUMN_FAMILY)) {
                    descriptors.add(new ColumnFamilyDescriptor(name, familyOptions));
                }
            }
            // the other families' files are absent: no check of every file at open, and files opened as read
            options = new DBOptions().setParanoidChecks(false).setMaxOpenFiles(256);
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            RocksDB database = RocksDB.open(options, freshDirectory.toString(), descriptors, handles);
            return new CheckpointReader(freshDirectory, options, familyOptions, database, descriptors, handles,
                    downloaded, wanted);
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
        return downloaded.values().stream().mapToLong(StateFile::size).sum();
    }

    @Override
    public Map<String, ColumnFamilyHandle> familiesByName() {
        return Collections.unmodifiableMap(families);
    }

    @Override
    public RocksIterator iterator(ColumnFamilyHandle family) {
        return database.newIterator(family);
    }

    /**
     * Exports the family {@code name} (one of {@link #familiesByName}) into {@code exportDirectory}
     * (must not exist; hard links to its SST files, so on the same file system as the
     * download), for {@link RocksDbStore#importFamily}. The caller closes the result.
     */
    ExportImportFilesMetaData export(String name, Path exportDirectory) {
        ColumnFamilyHandle family = families.get(name);
        if (family == null) {
            throw new IllegalArgumentException("the checkpoint was not opened with family " + name);
        }
        try (Checkpoint checkpoint = Checkpoint.create(database)) {
            return checkpoint.exportColumnFamily(family, exportDirectory.toString());
        } catch (RocksDBException e) {
            throw RockStreamException.of(ErrorCode.IO_ERROR, "could not export state %s from the checkpoint in %s: %s",
                    name, directory, e.getMessage()).withCause(e);
        }
    }

    /**
     * The checkpoint's SST files of family {@code name} (one of {@link #familiesByName}), by
     * {@link #identity}: what an import of the family brings, under new names, into a store.
     */
    Map<String, StateFile> filesOf(String name) {
        Map<String, StateFile> files = new java.util.HashMap<>();
        for (LiveFileMetaData file : database.getLiveFilesMetaData()) {
            StateFile stateFile = downloaded.get(RocksDbStore.fileName(file));
            if (stateFile != null && name.equals(RocksDbStore.familyName(file))) {
                files.put(identity(file), stateFile);
            }
        }
        return files;
    }

    /** What tells an SST file apart whatever its name: its size, first and last keys and sequence numbers. */
    static String identity(LiveFileMetaData file) {
        return file.size() + "/" + java.util.HexFormat.of().formatHex(file.smallestKey()) + "/"
                + java.util.HexFormat.of().formatHex(file.largestKey()) + "/" + file.smallestSeqno() + "/"
                + file.largestSeqno();
    }

    /** The directory the checkpoint was downloaded into. */
    Path directory() {
        return directory;
    }

    @Override
    public void close() {
        handles.forEach(ColumnFamilyHandle::close);
        database.close();
        close(options, familyOptions);
        RocksDbStore.deleteDirectory(directory);
    }
}
