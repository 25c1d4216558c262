package io.rockstream.statebackend.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockstream.jobgraph.error.RockStreamException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStoreTest extends ObjectStoreContract {
    @TempDir
    Path root;

    @Override
    protected ObjectStore createStore() {
        return new LocalObjectStore(root.resolve("store"));
    }

    @Test
    void locationIsAFileUri() {
        assertThat(store.location()).startsWith("file:/").contains("store");
    }

    @Test
    void openingRemovesLeftoverTemporaryFiles() throws IOException {
        store.close();
        Path temp = root.resolve("store/.tmp");
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(
                System.currentTimeMillis() - TimeUnit.HOURS.toMillis(1));
        Files.write(temp.resolve("crashed-put-1"), bytes("half"));
        Files.write(temp.resolve("crashed-put-2"), bytes("written"));
        Files.setLastModifiedTime(temp.resolve("crashed-put-1"), old);
        Files.setLastModifiedTime(temp.resolve("crashed-put-2"), old);
        // the directory of a store whose process died: its lock is free
        Path crashed = Files.createDirectories(temp.resolve("a-crashed-store"));
        Files.write(crashed.resolve(".lock"), new byte[0]);
        Files.write(crashed.resolve("in-flight"), bytes("half"));

        store = new LocalObjectStore(root.resolve("store"));

        assertThat(entries(temp)).as("only the new store's own directory").hasSize(1)
                .noneMatch(entry -> entry.getFileName().toString().startsWith("crashed")
                        || entry.getFileName().toString().equals("a-crashed-store"));
    }

    @Test
    void openingLeavesTheTemporaryFilesOfOpenStoresAlone() throws IOException {
        // e.g. a TaskManager opening the JobManager's storage while the JobManager writes its log
        Path temp = root.resolve("store/.tmp");
        List<Path> before = entries(temp);
        assertThat(before).hasSize(1);
        Path inFlight = Files.write(before.get(0).resolve("in-flight"), bytes("half"));
        Files.write(temp.resolve("young-loose-file"), bytes("half"));

        try (LocalObjectStore other = new LocalObjectStore(root.resolve("store"))) {
            assertThat(inFlight).exists();
            assertThat(temp.resolve("young-loose-file")).as("a write of an older version in progress").exists();
            other.put("wal/0001", bytes("1"));
            assertThat(store.get("wal/0001")).isEqualTo(bytes("1"));
        }
        assertThat(entries(temp)).as("a closed store's directory is gone").hasSize(2);
    }

    @Test
    void temporaryFilesAreNeverListed() throws IOException {
        store.put("wal/0001", bytes("1"));
        Files.write(root.resolve("store/.tmp/in-flight"), bytes("half"));

        assertThat(store.list("")).extracting(ObjectStore.ObjectInfo::key).containsExactly("wal/0001");
        assertThat(store.list(".tmp")).isEmpty();
        assertThat(store.list(".tmp/")).isEmpty();
    }

    @Test
    void putIntoAReadOnlyDirectoryFailsAndLeavesNothingBehind() throws Exception {
        store.put("frozen/existing", bytes("old"));
        Path frozen = root.resolve("store/frozen");
        ReadOnly readOnly = ReadOnly.make(frozen);
        try {
            assertThatThrownBy(() -> store.put("frozen/new", bytes("new")))
                    .isInstanceOfSatisfying(RockStreamException.class, e -> {
                        assertThat(e.sqlState()).isEqualTo("58030");
                        assertThat(e.getMessage()).contains("frozen/new").contains(store.location());
                    });
            assertThatThrownBy(() -> store.put("frozen/existing", bytes("replaced")))
                    .isInstanceOfSatisfying(RockStreamException.class, e -> assertThat(e.sqlState()).isEqualTo("58030"));
            Path upload = root.resolve("upload");
            Files.write(upload, bytes("uploaded"));
            assertThatThrownBy(() -> store.putFile("frozen/uploaded", upload))
                    .isInstanceOfSatisfying(RockStreamException.class, e -> assertThat(e.sqlState()).isEqualTo("58030"));
            assertThatThrownBy(() -> store.putIfAbsent("frozen/claimed", bytes("claim")))
                    .isInstanceOfSatisfying(RockStreamException.class, e -> assertThat(e.sqlState()).isEqualTo("58030"));
        } finally {
            readOnly.undo();
        }

        assertThat(store.find("frozen/new")).isEmpty();
        assertThat(store.get("frozen/existing")).isEqualTo(bytes("old"));
        assertThat(store.list("")).extracting(ObjectStore.ObjectInfo::key).containsExactly("frozen/existing");
        List<Path> stores = entries(root.resolve("store/.tmp"));
        assertThat(stores).hasSize(1);
        assertThat(entries(stores.get(0))).as("temporary files of the failed puts")
                .extracting(path -> path.getFileName().toString()).containsExactly(".lock");
    }

    private static List<Path> entries(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }

    /**
     * Makes a directory unwritable: by its permissions, or, for root (whom permissions do not
     * stop), by the immutable attribute; the test fails when neither works.
     */
    private record ReadOnly(Path directory, boolean immutable) {
        static ReadOnly make(Path directory) throws Exception {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("r-xr-xr-x"));
            if (!writable(directory)) {
                return new ReadOnly(directory, false);
            }
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
            boolean immutable = chattr("+i", directory);
            if (immutable && !writable(directory)) {
                return new ReadOnly(directory, true);
            }
            if (immutable) {
                chattr("-i", directory);
            }
            // never a silent skip: every Linux this runs on has permissions (non-root) or chattr (e2fsprogs)
            throw new AssertionError("cannot make " + directory + " read-only: not by permissions (running as root)"
                    + " and not by chattr +i");
        }

        void undo() throws Exception {
            if (immutable) {
                chattr("-i", directory);
            } else {
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }

        private static boolean writable(Path directory) {
            Path probe = directory.resolve(".probe");
            try {
                Files.write(probe, new byte[0]);
                Files.delete(probe);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        private static boolean chattr(String change, Path directory) {
            try {
                Process process = new ProcessBuilder("chattr", change, directory.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
