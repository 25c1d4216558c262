package io.rockstream.statebackend.objectstore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An object store in a local directory (the embedded default, {@code ./data}). A put writes
 * a temporary file, fsyncs it, renames it into place atomically and fsyncs the directory,
 * so a crash leaves the old object or the new one. {@code putIfAbsent} links the temporary
 * file to the key, which fails atomically when the key exists.
 */
public final class LocalObjectStore implements ObjectStore {
    private static final String TEMP = ".tmp";

    /** Leftover temporary files of a store not holding its lock are removed once this old (a write in progress is younger). */
    private static final long STALE_MILLIS = java.util.concurrent.TimeUnit.MINUTES.toMillis(10);
    private static final String LOCK = ".lock";
    private final Path root;
    /** This store's own directory of temporary files, under {@code .tmp}; other processes sharing the root have theirs. */
    private final Path temp;
    /** Held while this store is open: whoever opens the root later leaves this store's temporary files alone. */
    private final FileChannel lockChannel;
    /**
     * The temporary directories of the stores open in this JVM: never probed, as closing a
     * channel on a lock file would drop this process's lock on it (POSIX record locks).
     */
    private static final java.util.Set<Path> OPEN_HERE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public LocalObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        Path temporary = this.root.resolve(TEMP);
        this.temp = temporary.resolve(UUID.randomUUID().toString());
        OPEN_HERE.add(temp);
        try {
            Files.createDirectories(temp);
            this.lockChannel = FileChannel.open(temp.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (lockChannel.tryLock() == null) {
                throw new IOException("could not lock " + temp.resolve(LOCK));
            }
            removeLeftovers(temporary);
        } catch (IOException e) {
            OPEN_HERE.remove(temp);
            throw StorageErrors.failed("open", location(), TEMP, e);
        }
    }

    /**
     * Removes what crashed writers left in {@code .tmp}: the directories of stores whose lock
     * nobody holds, and loose files long unmodified. Another process (a TaskManager sharing a
     * JobManager's storage) may be writing through the same root right now: its temporary
     * files are in its own locked directory, so they stay.
     */
    private void removeLeftovers(Path temporary) throws IOException {
        List<Path> entries;
        try (Stream<Path> listed = Files.list(temporary)) {
            entries = listed.toList();
        }
        for (Path entry : entries) {
            if (OPEN_HERE.contains(entry)) {
                continue;
            }
            try {
                if (!Files.isDirectory(entry)) {
                    if (System.currentTimeMillis() - Files.getLastModifiedTime(entry).toMillis() > STALE_MILLIS) {
                        Files.deleteIfExists(entry);
                    }
                } else if (unlocked(entry)) {
                    try (Stream<Path> files = Files.list(entry)) {
                        for (Path file : (Iterable<Path>) files::iterator) {
                            Files.deleteIfExists(file);
                        }
                    }
                    Files.deleteIfExists(entry);
                }
            } catch (NoSuchFileException | java.nio.file.DirectoryNotEmptyException gone) {
                // removed by its owner meanwhile, or written to again: not a leftover
            }
        }
    }

    /** Whether no open store holds the lock of temporary directory {@code directory} (a young one without a lock may be opening). */
    private static boolean unlocked(Path directory) throws IOException {
        Path lock = directory.resolve(LOCK);
        if (!Files.exists(lock)) {
            return System.currentTimeMillis() - Files.getLastModifiedTime(directory).toMillis() > STALE_MILLIS;
        }
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
            java.nio.channels.FileLock held = channel.tryLock();
            if (held == null) {
                return false; // another process's open store
            }
            held.release();
            return true;
        } catch (java.nio.channels.OverlappingFileLockException mine) {
            return false; // a store opening in this JVM
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public void put(String key, byte[] data) {
        Path target = path(key);
        Path written = null;
        try {
            written = writeTemp(data);
            Files.createDirectories(target.getParent());
            Files.move(written, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            written = null;
            fsyncDirectory(target.getParent());
        } catch (IOException e) {
            throw StorageErrors.failed("write", location(), key, e);
        } finally {
            deleteTemp(written);
        }
    }

    @Override
    public void putFile(String key, Path file) {
        Path target = path(key);
        Path copy = temp.resolve(UUID.randomUUID().toString());
        try {
            Files.createDirectories(temp);
            Files.copy(file, copy);
            fsync(copy);
            Files.createDirectories(target.getParent());
            Files.move(copy, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            copy = null;
            fsyncDirectory(target.getParent());
        } catch (IOException e) {
            throw StorageErrors.failed("upload", location(), key, e);
        } finally {
            deleteTemp(copy);
        }
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) {
        Path target = path(key);
        Path written = null;
        try {
            written = writeTemp(data);
            Files.createDirectories(target.getParent());
            Files.createLink(target, written);
            fsyncDirectory(target.getParent());
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw StorageErrors.failed("write", location(), key, e);
        } finally {
            deleteTemp(written);
        }
    }

    @Override
    public byte[] get(String key) {
        try {
            return Files.readAllBytes(path(key));
        } catch (IOException e) {
            throw StorageErrors.failed("read", location(), key, e);
        }
    }

    @Override
    public Optional<byte[]> find(String key) {
        try {
            return Optional.of(Files.readAllBytes(path(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw StorageErrors.failed("read", location(), key, e);
        }
    }

    @Override
    public byte[] getRange(String key, long offset, int length) {
        try (FileChannel channel = FileChannel.open(path(key), StandardOpenOption.READ)) {
            long available = Math.max(0, channel.size() - offset);
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(length, available));
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    break;
                }
            }
            return buffer.array();
        } catch (IOException e) {
            throw StorageErrors.failed("read", location(), key, e);
        }
    }

    @Override
    public void getFile(String key, Path target) {
        try (InputStream in = Files.newInputStream(path(key))) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw StorageErrors.failed("download", location(), key, e);
        }
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        int cut = prefix.lastIndexOf('/');
        Path start = cut < 0 ? root : root.resolve(prefix.substring(0, cut));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<ObjectInfo> objects = new ArrayList<>();
        try (Stream<Path> files = Files.walk(start)) {
            files.filter(Files::isRegularFile).forEach(file -> {
                String key = root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                if (key.startsWith(prefix) && !key.startsWith(TEMP + "/")) {
                    try {
                        objects.add(new ObjectInfo(key, Files.size(file)));
                    } catch (NoSuchFileException deleted) {
                        // deleted while listing: not there any more
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw StorageErrors.failed("list", location(), prefix, e instanceof UncheckedIOException u ? u.getCause() : e);
        }
        objects.sort(Comparator.comparing(ObjectInfo::key));
        return objects;
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(path(key));
        } catch (IOException e) {
            throw StorageErrors.failed("delete", location(), key, e);
        }
    }

    @Override
    public String location() {
        return root.toUri().toString();
    }

    @Override
    public void close() {
        // its temporary directory goes with it (a write after close makes it again, unlocked)
        try {
            lockChannel.close();
            Files.deleteIfExists(temp.resolve(LOCK));
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // not empty (a write in progress) or gone: a later open removes it once stale
        } finally {
            OPEN_HERE.remove(temp);
        }
    }

    private Path path(String key) {
        return root.resolve(ObjectStore.checkKey(key));
    }

    private Path writeTemp(byte[] data) throws IOException {
        Files.createDirectories(temp);
        Path file = temp.resolve(UUID.randomUUID().toString());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(data);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return file;
    }

    /** Removes the temporary file of a failed write, if any. */
    private static void deleteTemp(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temporary file is removed when the store is next opened
        }
    }

    private static void fsync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static void fsyncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
