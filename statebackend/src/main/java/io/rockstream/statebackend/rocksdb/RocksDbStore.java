package io.rockstream.statebackend.rocksdb;

import static java.util.Objects.requireNonNull;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobgraph.graph.SubtaskId;
import io.rockstream.statebackend.objectstore.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RocksDB database of one TaskManager (ARCHITECTURE.md §4): one column family per
 * operator state of each subtask, named {@code <job>/<vertex>#<subtask>/<state>}, all sharing
 * one memory budget. Local disk is only a cache: RocksDB's own WAL is off, because the
 * engine's log in the object store plus {@link #checkpoint checkpoints} make state durable.
 *
 * <p><b>Memory.</b> One LRU block cache of the whole budget; memtables are charged to it by a
 * WriteBufferManager (at most half the budget), and index and filter blocks live in it, so
 * the database stays within the budget whatever the number of column families.
 *
 * <p><b>Checkpoints.</b>
 * <pre>
 * checkpoint(objects, prefix):   flush memtables → native Checkpoint (hard links, in a temp dir)
 *                                → return a future; upload in the background:
 *     *.sst not uploaded before  → prefix/&lt;incarnation&gt;/&lt;file&gt;            (uploaded)
 *     *.sst uploaded before      → the key it was uploaded under       (reused)
 *     MANIFEST, CURRENT, OPTIONS → prefix/&lt;incarnation&gt;/&lt;n&gt;/&lt;file&gt;       (every time)
 *                                → StateCheckpoint(files, sizes, CRC32C, bytes uploaded/reused)
 * restore(objects, checkpoint, freshDir): download, check size + CRC32C, open; the restored
 *                                SSTs keep their object keys, new ones get a new incarnation.
 * </pre>
 * The incarnation is a random UUID per opened store, so two stores restored from one
 * checkpoint never write the same key. The database only changes at a subtask's
 * {@code endEpoch}; a checkpoint holds the state of epoch e for every job when it is taken
 * after epoch e is complete and before epoch e+1 is injected.
 *
 * <p>Thread-safe: subtasks on several threads share one store.
 */
public final class RocksDbStore implements StateSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RocksDbStore.class);
    private static final long MAX_WRITE_BUFFER_BYTES = 64L << 20;
    private static final long MIN_MEMORY_BUDGET = 8L << 20;
    /** Names of raw families start with this; subtask families never do (job names escape '%'). */
    private static final String RAW_PREFIX = "%";

    static {
        RocksDB.loadLibrary();
    }

    private final Path directory;
    private final String incarnation = UUID.randomUUID().toString();
    private final LRUCache blockCache;
    private final BloomFilter bloomFilter;
    private final WriteBufferManager writeBufferManager;
    private final DBOptions databaseOptions;
    private final ColumnFamilyOptions familyOptions;
    private final WriteOptions writeOptions;
    private final RocksDB database;
    private final ColumnFamilyHandle defaultFamily;
    private final Map<String, ColumnFamilyHandle> families = new ConcurrentHashMap<>();
    /** Handles of dropped families: a cancelled subtask may still hold one, so they close with the store. */
    private final Set<ColumnFamilyHandle> dropped = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    /**
     * Held (shared) by every write while it checks that the families it names are not
     * dropped; a drop takes it exclusively. RocksDB rejects a batch naming a dropped family
     * only once it is in the write path, and then refuses every later write to any family
     * until the database is reopened: no such batch may reach it.
     */
    private final java.util.concurrent.locks.ReentrantReadWriteLock drops = new java.util.concurrent.locks.ReentrantReadWriteLock();
    /** SST file name → its upload, for reuse by later checkpoints. */
    private final Map<String, CompletableFuture<StateFile>> uploads = new ConcurrentHashMap<>();
    private final AtomicLong checkpoints = new AtomicLong();
    private final ExecutorService uploader;
    private volatile boolean closed;
    /**
     * Held (shared) by copies between stores and by scans; {@link #close} takes it
     * exclusively, so none uses freed handles (each checks {@code closed} between batches).
     */
    private final java.util.concurrent.locks.ReentrantReadWriteLock copies = new java.util.concurrent.locks.ReentrantReadWriteLock();

    private RocksDbStore(Path directory, long memoryBudgetBytes, List<StateFile> restoredFiles) throws RocksDBException {
        this.directory = directory;
        long budget = Math.max(memoryBudgetBytes, MIN_MEMORY_BUDGET);
        this.blockCache = new LRUCache(budget);
        this.bloomFilter = new BloomFilter(10);
        this.writeBufferManager = new WriteBufferManager(budget / 2, blockCache);
        this.databaseOptions = new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setAtomicFlush(true)
                .setMaxBackgroundJobs(2)
                .setKeepLogFileNum(2)
                .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
                .setWriteBufferManager(writeBufferManager);
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setBlockCache(blockCache)
                .setCacheIndexAndFilterBlocks(true)
                .setPinL0FilterAndIndexBlocksInCache(true)
                .setFilterPolicy(bloomFilter);
        this.familyOptions = new ColumnFamilyOptions()
                .setTableFormatConfig(table)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setWriteBufferSize(Math.min(MAX_WRITE_BUFFER_BYTES, Math.max(budget / 8, 1L << 20)))
                .setMaxWriteBufferNumber(2);
        this.writeOptions = new WriteOptions().setDisableWAL(true);

        List<byte[]> names = existingFamilies(directory);
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, familyOptions));
        for (byte[] name : names) {
            if (!Arrays.equals(name, RocksDB.DEFAULT_COLUMN_FAMILY)) {
                descriptors.add(new ColumnFamilyDescriptor(name, familyOptions));
            }
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            this.database = RocksDB.open(databaseOptions, directory.toString(), descriptors, handles);
        } catch (RocksDBException e) {
            closeOptions();
            throw e;
        }
        this.defaultFamily = handles.get(0);
        for (int i = 1; i < handles.size(); i++) {
            families.put(new String(descriptors.get(i).getName(), StandardCharsets.UTF_8), handles.get(i));
        }
        for (StateFile file : restoredFiles) {
            if (file.immutable()) {
                uploads.put(file.name(), CompletableFuture.completedFuture(file));
            }
        }
        AtomicInteger threads = new AtomicInteger();
        this.uploader = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "rocksdb-upload-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Opens (or creates) the database in {@code directory} within {@code memoryBudgetBytes}
     * of block cache and memtables (at least 8 MiB).
     */
    public static RocksDbStore open(Path directory, long memoryBudgetBytes) {
        requireNonNull(directory, "directory is null");
        try {
            Files.createDirectories(directory);
            RocksDbStore store = new RocksDbStore(directory, memoryBudgetBytes, List.of());
            LOG.info("Opened RocksDB state in {} with a memory budget of {} bytes", directory, memoryBudgetBytes);
            return store;
        } catch (IOException e) {
            throw RockStreamException.of(ErrorCode.IO_ERROR, "cannot create state directory %s: %s", directory,
                    e.getMessage()).withCause(e);
        } catch (RocksDBException e) {
            throw failure("open the state database in " + directory, e);
        }
    }

    /**
     * Downloads every file of {@code checkpoint} into {@code freshDirectory} (which must be
     * absent or empty), checks each file's size and CRC32C, and opens the database there. A
     * missing object fails with 58P01 and a file of the wrong size or checksum with XX001,
     * both naming the file; on any failure the directory is removed again.
     */
    public static RocksDbStore restore(ObjectStore objects, StateCheckpoint checkpoint, Path freshDirectory,
            long memoryBudgetBytes) {
        requireNonNull(objects, "objects is null");
        requireNonNull(checkpoint, "checkpoint is null");
        requireNonNull(freshDirectory, "freshDirectory is null");
        try {
            if (Files.exists(freshDirectory)) {
                try (Stream<Path> entries = Files.list(freshDirectory)) {
                    if (entries.findAny().isPresent()) {
                        throw new IllegalArgumentException("restore needs an empty directory: " + freshDirectory);
                    }
                }
            }
            Files.createDirectories(freshDirectory);
        } catch (IOException e) {
            throw RockStreamException.of(ErrorCode.IO_ERROR, "cannot create state directory %s: %s", freshDirectory,
                    e.getMessage()).withCause(e);
        }
        try {
            for (StateFile file : checkpoint.files()) {
                download(objects, file, freshDirectory.resolve(file.name()));
            }
            RocksDbStore store = new RocksDbStore(freshDirectory, memoryBudgetBytes, checkpoint.files());
            LOG.info("Restored RocksDB state into {} from {} files ({} bytes) in {}", freshDirectory,
                    checkpoint.files().size(), checkpoint.totalBytes(), objects.location());
            return store;
        } catch (RocksDBException e) {
            deleteRecursively(freshDirectory);
            throw failure("open the restored state database in " + freshDirectory, e);
        } catch (RuntimeException e) {
            deleteRecursively(freshDirectory);
            throw e;
        }
    }

    static void download(ObjectStore objects, StateFile file, Path target) {
        try {
            objects.getFile(file.objectKey(), target);
        } catch (RockStreamException e) {
            if (e.code() == ErrorCode.UNDEFINED_FILE) {
                throw RockStreamException.of(ErrorCode.UNDEFINED_FILE,
                        "state file \"%s\" of the checkpoint is missing: object \"%s\" does not exist in %s",
                        file.name(), file.objectKey(), objects.location()).withCause(e);
            }
            throw e;
        }
        long size;
        long checksum;
        try {
            size = Files.size(target);
            checksum = crc32c(target);
        } catch (IOException e) {
            throw RockStreamException.of(ErrorCode.IO_ERROR, "cannot read downloaded state file %s: %s", target,
                    e.getMessage()).withCause(e);
        }
        if (size != file.size() || checksum != file.crc32c()) {
            throw RockStreamException.of(ErrorCode.DATA_CORRUPTED,
                    "state file \"%s\" (object \"%s\") is corrupt: expected %d bytes with CRC32C %08x, found %d bytes"
                            + " with CRC32C %08x", file.name(), file.objectKey(), file.size(), file.crc32c(), size,
                    checksum);
        }
    }

    /**
     * Takes an incremental checkpoint into {@code objects} under {@code statePrefix}. The
     * database is flushed and hard-linked into a local directory before this method returns;
     * the upload continues in the background and the future completes with the checkpoint
     * once every file is in the object store (or fails with the first upload error). Only
     * SST files not uploaded by an earlier checkpoint of this store (or restored) are
     * uploaded. Call it between epochs (see the class comment).
     */
    public CompletableFuture<StateCheckpoint> checkpoint(ObjectStore objects, String statePrefix) {
        requireNonNull(objects, "objects is null");
        String prefix = trimPrefix(statePrefix);
        long number = checkpoints.incrementAndGet();
        Path local = directory.resolveSibling(directory.getFileName() + ".checkpoint-" + incarnation + "-" + number);
        List<Path> files;
        Map<String, String> familyOf = new java.util.HashMap<>();
        synchronized (this) {
            checkOpen();
            try (FlushOptions flush = new FlushOptions().setWaitForFlush(true);
                    Checkpoint checkpoint = Checkpoint.create(database)) {
                List<ColumnFamilyHandle> all = new ArrayList<>(families.values());
                all.add(defaultFamily);
                database.flush(flush, all);
                // which family each SST is in (a compaction meanwhile leaves some unknown: those are always downloaded)
                for (org.rocksdb.LiveFileMetaData file : database.getLiveFilesMetaData()) {
                    familyOf.put(fileName(file), familyName(file));
                }
                checkpoint.createCheckpoint(local.toString());
            } catch (RocksDBException e) {
                deleteRecursively(local);
                throw failure("take a checkpoint of the state database in " + directory, e);
            }
        }
        try (Stream<Path> listing = Files.list(local)) {
            files = listing.sorted().toList();
        } catch (IOException e) {
            deleteRecursively(local);
            throw new UncheckedIOException(e);
        }

        Set<String> live = new HashSet<>();
        List<CompletableFuture<StateFile>> futures = new ArrayList<>();
        List<Boolean> uploadedHere = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.endsWith(".sst")) {
                live.add(name);
                boolean[] created = new boolean[1];
                CompletableFuture<StateFile> upload = uploads.computeIfAbsent(name, n -> {
                    created[0] = true;
                    return upload(objects, file, prefix + "/" + incarnation + "/" + n, familyOf.get(n));
                });
                if (created[0]) {
                    upload.whenComplete((done, failure) -> {
                        if (failure != null) {
                            uploads.remove(name, upload);
                        }
                    });
                }
                futures.add(upload);
                uploadedHere.add(created[0]);
            } else {
                futures.add(upload(objects, file, prefix + "/" + incarnation + "/" + number + "/" + name, null));
                uploadedHere.add(true);
            }
        }
        // compaction deletes SSTs for good: their names never come back
        uploads.keySet().retainAll(live);

        CompletableFuture<StateCheckpoint> result = CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> {
                    List<StateFile> stateFiles = new ArrayList<>();
                    long uploaded = 0;
                    long reused = 0;
                    for (int i = 0; i < futures.size(); i++) {
                        StateFile file = futures.get(i).join();
                        stateFiles.add(file);
                        if (uploadedHere.get(i)) {
                            uploaded += file.size();
                        } else {
                            reused += file.size();
                        }
                    }
                    return new StateCheckpoint(StateCheckpoint.FORMAT_VERSION, incarnation, stateFiles, uploaded,
                            reused);
                });
        result.whenComplete((checkpoint, failure) -> {
            deleteRecursively(local);
            if (failure == null) {
                LOG.info("State checkpoint {} of {}: {} files, {} bytes uploaded, {} bytes reused", number, directory,
                        checkpoint.files().size(), checkpoint.uploadedBytes(), checkpoint.reusedBytes());
            }
        });
        return result;
    }

    private CompletableFuture<StateFile> upload(ObjectStore objects, Path file, String key, String family) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                long size = Files.size(file);
                long checksum = crc32c(file);
                objects.putFile(key, file);
                return new StateFile(file.getFileName().toString(), key, size, checksum, family);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, uploader);
    }

    /**
     * Deletes every object under {@code statePrefix} that is not in {@code referencedKeys}.
     * The referenced keys must include those of every checkpoint that is retained or may
     * still be committed, and {@link #reusableObjectKeys()} of every store that checkpoints
     * under this prefix; no checkpoint under the prefix may be uploading meanwhile.
     */
    public static void collectGarbage(ObjectStore objects, String statePrefix, Set<String> referencedKeys) {
        requireNonNull(objects, "objects is null");
        requireNonNull(referencedKeys, "referencedKeys is null");
        String prefix = trimPrefix(statePrefix) + "/";
        int deleted = 0;
        for (ObjectStore.ObjectInfo object : objects.list(prefix)) {
            if (!referencedKeys.contains(object.key())) {
                objects.delete(object.key());
                deleted++;
            }
        }
        if (deleted > 0) {
            LOG.info("Deleted {} unreferenced state objects under {} in {}", deleted, prefix, objects.location());
        }
    }

    /**
     * The object keys that this store's next checkpoint may reference without uploading
     * them again: garbage collection must keep them.
     */
    public Set<String> reusableObjectKeys() {
        Set<String> keys = new HashSet<>();
        for (CompletableFuture<StateFile> upload : uploads.values()) {
            if (upload.isDone() && !upload.isCompletedExceptionally()) {
                keys.add(upload.join().objectKey());
            }
        }
        return keys;
    }

    /** The column family of a subtask's state, created on first use. */
    ColumnFamilyHandle columnFamily(SubtaskId subtask, String state) {
        String name = familyPrefix(subtask.job()) + subtask.vertex() + "#" + subtask.index() + "/" + state;
        ColumnFamilyHandle handle = families.get(name);
        return handle != null ? handle : familyNamed(name);
    }

    /**
     * Deletes every state of {@code job}. Its subtasks must have stopped: a later deployment
     * of a job with the same id starts from empty state.
     */
    public void dropJob(JobId job) {
        requireNonNull(job, "job is null");
        String prefix = familyPrefix(job);
        dropFamilies(name -> name.startsWith(prefix));
        LOG.info("Dropped the state of job {}", job);
    }

    /** Drops the families whose names {@code which} accepts, once no write is under way. */
    private void dropFamilies(java.util.function.Predicate<String> which) {
        drops.writeLock().lock();
        try {
            synchronized (this) {
                checkOpen();
                for (String name : List.copyOf(families.keySet())) {
                    if (which.test(name)) {
                        ColumnFamilyHandle handle = families.remove(name);
                        dropped.add(handle);
                        try {
                            database.dropColumnFamily(handle);
                        } catch (RocksDBException e) {
                            throw failure("drop state " + name, e);
                        }
                    }
                }
            }
        } finally {
            drops.writeLock().unlock();
        }
    }

    private static final AtomicLong EXPORTS = new AtomicLong();

    /**
     * Imports the state of subtask index {@code index} of every vertex of {@code job} from
     * {@code source} whole: each of its families is exported there (hard links to its SST
     * files) and created here from those files, moved in, so a restore costs the files, not
     * the entries. A family this store already has is copied entry by entry instead. The job
     * must not run here. Returns the number of families imported whole.
     */
    public int importSlot(CheckpointReader source, JobId job, int index) {
        requireNonNull(source, "source is null");
        copies.readLock().lock();
        try {
            checkOpen();
            int imported = 0;
            for (Map.Entry<String, ColumnFamilyHandle> family : new java.util.TreeMap<>(source.familiesByName()).entrySet()) {
                String name = family.getKey();
                if (!holdsSlot(name, job, java.util.Set.of(index))) {
                    continue;
                }
                if (importFamily(source, name)) {
                    imported++;
                } else {
                    copyEntries(source, family.getValue(), name, 0, ALL_KEY_GROUPS);
                }
            }
            return imported;
        } finally {
            copies.readLock().unlock();
        }
    }

    /** Imports family {@code name} of {@code source}; false (nothing done) when this store has it already. */
    private boolean importFamily(CheckpointReader source, String name) {
        synchronized (this) {
            if (families.containsKey(name)) {
                return false;
            }
        }
        try (RocksIterator first = source.iterator(source.familiesByName().get(name))) {
            first.seekToFirst();
            if (!first.isValid()) { // an empty family exports no file, and RocksDB imports none
                familyNamed(name);
                return true;
            }
        }
        Map<String, StateFile> checkpointed = source.filesOf(name);
        Path exported = source.directory().resolveSibling(source.directory().getFileName() + ".export-"
                + EXPORTS.incrementAndGet());
        try (org.rocksdb.ExportImportFilesMetaData metadata = source.export(name, exported);
                org.rocksdb.ImportColumnFamilyOptions moving = new org.rocksdb.ImportColumnFamilyOptions()
                        .setMoveFiles(true)) {
            synchronized (this) {
                checkOpen();
                if (families.containsKey(name)) {
                    return false;
                }
                families.put(name, database.createColumnFamilyWithImport(
                        new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), familyOptions), moving,
                        metadata));
                keepObjectKeys(name, checkpointed);
            }
            return true;
        } catch (RocksDBException e) {
            throw failure("import state " + name, e);
        } finally {
            deleteDirectory(exported);
        }
    }

    /**
     * The files just imported into family {@code name} keep the object keys they were
     * checkpointed under ({@code checkpointed}, by {@link CheckpointReader#identity}), as a
     * restored store's do: the next checkpoint reuses them instead of uploading them again
     * under new names. A file not recognized is uploaded as usual.
     */
    private void keepObjectKeys(String name, Map<String, StateFile> checkpointed) {
        for (org.rocksdb.LiveFileMetaData file : database.getLiveFilesMetaData()) {
            StateFile before = name.equals(familyName(file)) ? checkpointed.get(CheckpointReader.identity(file)) : null;
            if (before != null) {
                uploads.putIfAbsent(fileName(file), CompletableFuture.completedFuture(new StateFile(fileName(file),
                        before.objectKey(), before.size(), before.crc32c(), name)));
            }
        }
    }

    /** A live SST file's name in the database directory (RocksDB reports it with a leading "/"). */
    static String fileName(org.rocksdb.LiveFileMetaData file) {
        return file.fileName().substring(file.fileName().lastIndexOf('/') + 1);
    }

    /** The name of a live SST file's column family. */
    static String familyName(org.rocksdb.LiveFileMetaData file) {
        return new String(file.columnFamilyName(), StandardCharsets.UTF_8);
    }

    /** Past every key group (they are two bytes). */
    public static final int ALL_KEY_GROUPS = 1 << 16;

    /**
     * Copies the entries of key groups {@code [firstGroup, endGroup)} of {@code from} (a
     * family of {@code source}) into this store's family {@code name}, in batches; stops
     * between two batches when this store is being closed.
     */
    private long copyEntries(StateSource source, ColumnFamilyHandle from, String name, int firstGroup, int endGroup) {
        ColumnFamilyHandle target = familyNamed(name);
        long entries = 0;
        try (RocksIterator iterator = source.iterator(from)) {
            WriteBatch batch = new WriteBatch();
            try {
                for (iterator.seek(new byte[] {(byte) (firstGroup >>> 8), (byte) firstGroup}); iterator.isValid();
                        iterator.next()) {
                    byte[] key = iterator.key();
                    if ((((key[0] & 0xFF) << 8) | (key[1] & 0xFF)) >= endGroup) {
                        break;
                    }
                    batch.put(target, key, iterator.value());
                    entries++;
                    if (batch.getDataSize() >= COPY_BATCH_BYTES) {
                        write(batch, List.of(target));
                        batch.close();
                        batch = new WriteBatch();
                        checkOpen(); // closing: stop here, before the handles are freed
                    }
                }
                iterator.status();
                if (batch.count() > 0) {
                    write(batch, List.of(target));
                }
            } catch (RocksDBException e) {
                throw failure("copy state " + name, e);
            } finally {
                batch.close();
            }
        }
        return entries;
    }

    /**
     * Copies, from every state of subtask {@code fromIndex} of vertex {@code vertex} of
     * {@code job} in {@code source}, the entries of key groups {@code [firstGroup, endGroup)}
     * into the same state of subtask {@code toIndex} here: how a rescaled job's subtask takes
     * its key-group range from the subtasks that held it before (every entry's key starts
     * with its key group, big-endian). Returns the number of entries copied.
     */
    public long copyKeyGroups(StateSource source, JobId job, String vertex, int fromIndex, int toIndex, int firstGroup,
            int endGroup) {
        requireNonNull(source, "source is null");
        copies.readLock().lock();
        try {
            checkOpen();
            return copyKeyGroupsOpen(source, job, vertex, fromIndex, toIndex, firstGroup, endGroup);
        } finally {
            copies.readLock().unlock();
        }
    }

    private long copyKeyGroupsOpen(StateSource source, JobId job, String vertex, int fromIndex, int toIndex,
            int firstGroup, int endGroup) {
        String from = familyPrefix(job) + vertex + "#" + fromIndex + "/";
        String to = familyPrefix(job) + vertex + "#" + toIndex + "/";
        long entries = 0;
        for (Map.Entry<String, ColumnFamilyHandle> family : new java.util.TreeMap<>(source.familiesByName()).entrySet()) {
            if (family.getKey().startsWith(from)) {
                entries += copyEntries(source, family.getValue(), to + family.getKey().substring(from.length()),
                        firstGroup, endGroup);
            }
        }
        return entries;
    }

    /** The column family {@code name}, created on first use. */
    private ColumnFamilyHandle familyNamed(String name) {
        synchronized (this) {
            checkOpen();
            ColumnFamilyHandle handle = families.get(name);
            if (handle == null) {
                try {
                    handle = database.createColumnFamily(
                            new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), familyOptions));
                } catch (RocksDBException e) {
                    throw failure("create state " + name, e);
                }
                families.put(name, handle);
            }
            return handle;
        }
    }

    @Override
    public Map<String, ColumnFamilyHandle> familiesByName() {
        return java.util.Collections.unmodifiableMap(new java.util.HashMap<>(families));
    }

    @Override
    public RocksIterator iterator(ColumnFamilyHandle family) {
        return newIterator(family);
    }

    /** True when the column family {@code name} holds state of subtask index {@code slots} (any vertex) of {@code job}. */
    public static boolean holdsSlot(String name, JobId job, java.util.Set<Integer> slots) {
        String prefix = familyPrefix(job);
        int state = name.startsWith(prefix) ? name.indexOf('/', prefix.length()) : -1;
        int hash = state < 0 ? -1 : name.lastIndexOf('#', state);
        if (hash < prefix.length()) {
            return false;
        }
        try {
            return slots.contains(Integer.parseInt(name.substring(hash + 1, state)));
        } catch (NumberFormatException notASlot) {
            return false;
        }
    }

    /** Bytes per write batch when state is copied between stores. */
    private static final long COPY_BATCH_BYTES = 4L << 20;

    /**
     * Forgets which files earlier checkpoints uploaded, so the next one uploads every file
     * again: for a store whose earlier checkpoints may have been garbage-collected (e.g. a
     * TaskManager that reconnects to a restarted JobManager).
     */
    public void forgetUploads() {
        uploads.clear();
    }

    /**
     * The approximate size in bytes of a column family: live data in its files plus its
     * memtables (RocksDB's estimates); 0 once it was dropped or the store closed. Callable from
     * any thread (monitoring), concurrently with writes.
     */
    public long approximateBytes(ColumnFamilyHandle family) {
        synchronized (this) {
            if (closed) {
                return 0;
            }
            try {
                // dropped handles stay open (unusable) until the store closes: asking their name is safe
                if (families.get(new String(family.getName(), StandardCharsets.UTF_8)) != family) {
                    return 0;
                }
                return database.getLongProperty(family, "rocksdb.estimate-live-data-size")
                        + database.getLongProperty(family, "rocksdb.size-all-mem-tables");
            } catch (RocksDBException e) {
                return 0;
            }
        }
    }

    /** The names of the column families, for tests and diagnostics. */
    Set<String> columnFamilyNames() {
        return Set.copyOf(families.keySet());
    }

    public Path directory() {
        return directory;
    }

    byte[] get(ColumnFamilyHandle family, byte[] key) {
        try {
            return database.get(family, key);
        } catch (RocksDBException e) {
            throw failure("read state", e);
        }
    }

    RocksIterator newIterator(ColumnFamilyHandle family) {
        return database.newIterator(family);
    }

    /**
     * Applies a batch atomically, without the WAL; {@code named} holds every family it writes
     * to. Refused, with nothing written, when one of them was dropped (e.g. the state of a
     * cancelled job): RocksDB would fail such a batch in a way that fails every later write too.
     */
    void write(WriteBatch batch, java.util.Collection<ColumnFamilyHandle> named) {
        drops.readLock().lock();
        try {
            checkOpen();
            // `dropped` changes under the exclusive lock only
            for (ColumnFamilyHandle family : named) {
                if (dropped.contains(family)) {
                    throw RockStreamException.of(ErrorCode.OBJECT_NOT_IN_PREREQUISITE_STATE,
                            "could not write state: its column family was dropped (its job was cancelled)");
                }
            }
            database.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw failure("write state", e);
        } finally {
            drops.readLock().unlock();
        }
    }

    // ------------------------------------------------------------------ raw families

    /**
     * The column family {@code %name}, created on first use: raw key-value data that is not a
     * subtask's operator state (e.g. the JobManager's relation contents). It shares the
     * database's memory budget and is in every {@link #checkpoint checkpoint}. No subtask
     * family name starts with '%' (job names escape it), so the two never meet.
     */
    private ColumnFamilyHandle rawFamily(String name) {
        String family = RAW_PREFIX + requireNonNull(name, "name is null");
        ColumnFamilyHandle handle = families.get(family);
        if (handle != null) {
            return handle;
        }
        synchronized (this) {
            checkOpen();
            handle = families.get(family);
            if (handle == null) {
                try {
                    handle = database.createColumnFamily(
                            new ColumnFamilyDescriptor(family.getBytes(StandardCharsets.UTF_8), familyOptions));
                } catch (RocksDBException e) {
                    throw failure("create " + family, e);
                }
                families.put(family, handle);
            }
            return handle;
        }
    }

    /** Whether the raw family {@code name} exists (e.g. it was restored from a checkpoint). */
    public boolean hasRawFamily(String name) {
        return families.containsKey(RAW_PREFIX + name);
    }

    /** Deletes the raw family {@code name} and everything in it; absent is fine. */
    public void dropRawFamily(String name) {
        String family = RAW_PREFIX + requireNonNull(name, "name is null");
        dropFamilies(family::equals);
    }

    /** The value of {@code key} in the raw family {@code name}, or null. */
    public byte[] rawGet(String name, byte[] key) {
        return get(rawFamily(name), key);
    }

    /** Keys per RocksDB MultiGet call in {@link #rawMultiGet}. */
    private static final int MULTI_GET_CHUNK = 4096;

    /**
     * The values of {@code keys} in the raw family {@code name}, in order, null where absent:
     * one RocksDB MultiGet per chunk of keys, which sorts them and reads each block once, where
     * as many point reads in hash order would each look their block up again.
     */
    public List<byte[]> rawMultiGet(String name, List<byte[]> keys) {
        ColumnFamilyHandle handle = rawFamily(name);
        List<byte[]> values = new ArrayList<>(keys.size());
        try {
            for (int start = 0; start < keys.size(); start += MULTI_GET_CHUNK) {
                List<byte[]> chunk = keys.subList(start, Math.min(keys.size(), start + MULTI_GET_CHUNK));
                values.addAll(database.multiGetAsList(java.util.Collections.nCopies(chunk.size(), handle), chunk));
            }
        } catch (RocksDBException e) {
            throw failure("read state", e);
        }
        return values;
    }

    /** Changes to raw families, applied atomically by {@link #write(RawBatch)}. Not thread-safe. */
    public final class RawBatch implements AutoCloseable {
        private final WriteBatch batch = new WriteBatch();
        /** The families this batch writes to, by name: one lookup per put, and what {@link #write(RawBatch)} checks. */
        private final Map<String, ColumnFamilyHandle> named = new java.util.HashMap<>();

        private ColumnFamilyHandle family(String name) {
            return named.computeIfAbsent(name, RocksDbStore.this::rawFamily);
        }

        public RawBatch put(String name, byte[] key, byte[] value) {
            try {
                batch.put(family(name), key, value);
            } catch (RocksDBException e) {
                throw failure("write " + name, e);
            }
            return this;
        }

        public RawBatch delete(String name, byte[] key) {
            try {
                batch.delete(family(name), key);
            } catch (RocksDBException e) {
                throw failure("write " + name, e);
            }
            return this;
        }

        @Override
        public void close() {
            batch.close();
        }
    }

    public RawBatch newBatch() {
        return new RawBatch();
    }

    /** Applies the batch atomically (without the WAL, as all state writes). */
    public void write(RawBatch batch) {
        write(batch.batch, batch.named.values());
    }

    /** Receives the entries of a scan in key order; returns false to stop. */
    @FunctionalInterface
    public interface EntryVisitor {
        boolean visit(byte[] key, byte[] value);
    }

    /**
     * A point-in-time view of the whole database (a RocksDB snapshot): scans through it do
     * not see later writes. Close it to release what it pins.
     */
    public final class RawSnapshot implements AutoCloseable {
        private final org.rocksdb.Snapshot snapshot;
        private final org.rocksdb.ReadOptions options;
        private boolean released;

        private RawSnapshot() {
            synchronized (RocksDbStore.this) {
                checkOpen();
                this.snapshot = database.getSnapshot();
            }
            this.options = new org.rocksdb.ReadOptions().setSnapshot(snapshot).setFillCache(false);
        }

        /**
         * Visits the entries of raw family {@code name} whose keys start with {@code prefix}, in
         * key order. A store being closed stops the scan (it fails) within a few entries, before
         * the handles are freed.
         */
        public void scan(String name, byte[] prefix, EntryVisitor visitor) {
            copies.readLock().lock();
            try {
                checkOpen();
                try (RocksIterator iterator = database.newIterator(rawFamily(name), options)) {
                    long visited = 0;
                    for (iterator.seek(prefix); iterator.isValid(); iterator.next()) {
                        byte[] key = iterator.key();
                        if (!StateKeys.startsWith(key, prefix) || !visitor.visit(key, iterator.value())) {
                            return;
                        }
                        if (++visited % 1024 == 0) {
                            checkOpen();
                        }
                    }
                    try {
                        iterator.status();
                    } catch (RocksDBException e) {
                        throw failure("scan " + name, e);
                    }
                }
            } finally {
                copies.readLock().unlock();
            }
        }

        @Override
        public void close() {
            synchronized (RocksDbStore.this) {
                if (released) {
                    return;
                }
                released = true;
                options.close();
                if (!closed) {
                    database.releaseSnapshot(snapshot);
                }
            }
        }
    }

    /** A snapshot of the database as it is now. */
    public RawSnapshot snapshot() {
        return new RawSnapshot();
    }

    /** Flushes memtables (the WAL is off, so this is what makes a clean close keep data) and closes. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        copies.writeLock().lock(); // a copy under way stops at its next batch (it sees `closed`)
        copies.writeLock().unlock();
        drops.writeLock().lock(); // a write under way ends; later ones see `closed`
        drops.writeLock().unlock();
        uploader.shutdown();
        try {
            uploader.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            List<ColumnFamilyHandle> all = new ArrayList<>(families.values());
            all.add(defaultFamily);
            database.flush(flush, all);
        } catch (RocksDBException e) {
            LOG.warn("Could not flush the state database in {} before closing: {}", directory, e.getMessage());
        }
        families.values().forEach(ColumnFamilyHandle::close);
        dropped.forEach(ColumnFamilyHandle::close);
        defaultFamily.close();
        database.close();
        closeOptions();
    }

    private void closeOptions() {
        writeOptions.close();
        familyOptions.close();
        databaseOptions.close();
        writeBufferManager.close();
        bloomFilter.close();
        blockCache.close();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the state database in " + directory + " is closed");
        }
    }

    private static List<byte[]> existingFamilies(Path directory) throws RocksDBException {
        if (!Files.exists(directory.resolve("CURRENT"))) {
            return List.of();
        }
        try (Options options = new Options()) {
            return RocksDB.listColumnFamilies(options, directory.toString());
        }
    }

    /** {@code <job>/} with '%' and '/' escaped, so no job's prefix is a prefix of another job's names. */
    private static String familyPrefix(JobId job) {
        return job.value().replace("%", "%25").replace("/", "%2F") + "/";
    }

    private static String trimPrefix(String statePrefix) {
        requireNonNull(statePrefix, "statePrefix is null");
        String prefix = statePrefix.endsWith("/") ? statePrefix.substring(0, statePrefix.length() - 1) : statePrefix;
        ObjectStore.checkKey(prefix);
        return prefix;
    }

    static long crc32c(Path file) throws IOException {
        CRC32C checksum = new CRC32C();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                checksum.update(buffer, 0, read);
            }
        }
        return checksum.getValue();
    }

    private static RockStreamException failure(String action, RocksDBException e) {
        String status = e.getStatus() == null ? "" : e.getStatus().getCodeString();
        ErrorCode code = status.contains("Corruption") ? ErrorCode.DATA_CORRUPTED
                : status.contains("NoSpace") ? ErrorCode.DISK_FULL : ErrorCode.IO_ERROR;
        return RockStreamException.of(code, "could not %s: %s", action, e.getMessage()).withCause(e);
    }

    /** Deletes a directory and everything in it (absent is fine); failures are logged. */
    static void deleteDirectory(Path root) {
        deleteRecursively(root);
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", root, e.getMessage());
        }
    }
}
