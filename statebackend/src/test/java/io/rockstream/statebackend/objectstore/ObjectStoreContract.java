package io.rockstream.statebackend.objectstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.statebackend.objectstore.ObjectStore.ObjectInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link ObjectStore} contract, checked against any implementation: a subclass says how to
 * open an empty store and inherits every test.
 */
public abstract class ObjectStoreContract {
    private static final int WRITERS = 8;

    @TempDir
    Path scratch;

    protected ObjectStore store;

    /** A new, empty store; closed after each test. */
    protected abstract ObjectStore createStore() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = createStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void putThenGetReturnsTheBytes() {
        store.put("a/b/object", bytes("hello"));

        assertThat(store.get("a/b/object")).isEqualTo(bytes("hello"));
        assertThat(store.find("a/b/object")).hasValueSatisfying(found -> assertThat(found).isEqualTo(bytes("hello")));
    }

    @Test
    void putOfAnEmptyObject() {
        store.put("empty", new byte[0]);

        assertThat(store.get("empty")).isEmpty();
        assertThat(store.list("")).containsExactly(new ObjectInfo("empty", 0));
    }

    @Test
    void putReplacesAnObject() {
        store.put("key", bytes("first version, longer"));
        store.put("key", bytes("second"));

        assertThat(store.get("key")).isEqualTo(bytes("second"));
        assertThat(store.list("key")).containsExactly(new ObjectInfo("key", 6));
    }

    @Test
    void findOfAMissingObjectIsEmpty() {
        assertThat(store.find("missing")).isEmpty();
        assertThat(store.find("no/such/folder/missing")).isEmpty();
    }

    @Test
    void getOfAMissingObjectFailsWithUndefinedFile() {
        assertThatThrownBy(() -> store.get("missing/object"))
                .isInstanceOfSatisfying(RockStreamException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("58P01");
                    assertThat(e.getMessage()).contains("missing/object");
                });
    }

    @Test
    void getRangeReadsPartOfTheObject() {
        store.put("range", bytes("0123456789"));

        assertThat(store.getRange("range", 3, 4)).isEqualTo(bytes("3456"));
        assertThat(store.getRange("range", 0, 10)).isEqualTo(bytes("0123456789"));
        assertThat(store.getRange("range", 0, 1)).isEqualTo(bytes("0"));
    }

    @Test
    void getRangeAtTheEndReturnsFewerBytes() {
        store.put("range", bytes("0123456789"));

        assertThat(store.getRange("range", 7, 100)).isEqualTo(bytes("789"));
        assertThat(store.getRange("range", 9, 1)).isEqualTo(bytes("9"));
    }

    @Test
    void getRangePastTheEndIsEmpty() {
        store.put("range", bytes("0123456789"));

        assertThat(store.getRange("range", 10, 5)).isEmpty();
        assertThat(store.getRange("range", 1_000, 5)).isEmpty();
        assertThat(store.getRange("range", 4, 0)).isEmpty();
    }

    @Test
    void getRangeOfAMissingObjectFailsWithUndefinedFile() {
        assertThatThrownBy(() -> store.getRange("missing", 0, 10))
                .isInstanceOfSatisfying(RockStreamException.class, e -> assertThat(e.sqlState()).isEqualTo("58P01"));
    }

    @Test
    void putFileThenGetFileRoundTripsSeveralMegabytes() throws Exception {
        byte[] content = randomBytes(6 * 1024 * 1024 + 123, 42);
        Path upload = scratch.resolve("upload.bin");
        Files.write(upload, content);

        store.putFile("files/big.bin", upload);

        assertThat(store.list("files/")).containsExactly(new ObjectInfo("files/big.bin", content.length));
        Path download = scratch.resolve("download.bin");
        store.getFile("files/big.bin", download);
        assertThat(Files.readAllBytes(download)).isEqualTo(content);
        assertThat(store.getRange("files/big.bin", 5_000_000, 16))
                .isEqualTo(java.util.Arrays.copyOfRange(content, 5_000_000, 5_000_016));
    }

    @Test
    void getFileReplacesAnExistingFile() throws Exception {
        store.put("small", bytes("new content"));
        Path target = scratch.resolve("target.txt");
        Files.write(target, bytes("old content that is longer than the new one"));

        store.getFile("small", target);

        assertThat(Files.readAllBytes(target)).isEqualTo(bytes("new content"));
    }

    @Test
    void getFileOfAMissingObjectFailsAndLeavesTheTargetAlone() throws Exception {
        Path target = scratch.resolve("kept.txt");
        Files.write(target, bytes("kept"));

        assertThatThrownBy(() -> store.getFile("missing", target))
                .isInstanceOfSatisfying(RockStreamException.class, e -> assertThat(e.sqlState()).isEqualTo("58P01"));
        assertThat(Files.readAllBytes(target)).isEqualTo(bytes("kept"));
    }

    @Test
    void putIfAbsentCreatesOnceAndNeverReplaces() {
        assertThat(store.putIfAbsent("claims/0001", bytes("first"))).isTrue();
        assertThat(store.putIfAbsent("claims/0001", bytes("second"))).isFalse();

        assertThat(store.get("claims/0001")).isEqualTo(bytes("first"));
    }

    @Test
    void putIfAbsentDoesNotReplaceAnObjectWrittenByPut() {
        store.put("claims/0002", bytes("put"));

        assertThat(store.putIfAbsent("claims/0002", bytes("claim"))).isFalse();
        assertThat(store.get("claims/0002")).isEqualTo(bytes("put"));
    }

    @Test
    void concurrentPutIfAbsentHasExactlyOneWinner() throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            for (int round = 0; round < 5; round++) {
                String key = "claims/race-" + round;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int writer = 0; writer < WRITERS; writer++) {
                    byte[] content = bytes("writer " + writer + " of round " + round);
                    results.add(writers.submit(() -> {
                        go.await();
                        return store.putIfAbsent(key, content);
                    }));
                }
                go.countDown();
                List<Integer> winners = new ArrayList<>();
                for (int writer = 0; writer < WRITERS; writer++) {
                    if (results.get(writer).get(60, TimeUnit.SECONDS)) {
                        winners.add(writer);
                    }
                }

                assertThat(winners).as("winners of round %d", round).hasSize(1);
                assertThat(store.get(key)).isEqualTo(bytes("writer " + winners.get(0) + " of round " + round));
            }
        } finally {
            writers.shutdownNow();
        }
    }

    @Test
    void listReturnsEveryObjectUnderThePrefixSorted() {
        store.put("wal/0003", bytes("ccc"));
        store.put("wal/0001", bytes("a"));
        store.put("wal/0002", bytes("bb"));
        store.put("checkpoints/1/manifest", bytes("m"));

        assertThat(store.list("wal/")).containsExactly(
                new ObjectInfo("wal/0001", 1),
                new ObjectInfo("wal/0002", 2),
                new ObjectInfo("wal/0003", 3));
        assertThat(store.list("")).extracting(ObjectInfo::key).containsExactly(
                "checkpoints/1/manifest", "wal/0001", "wal/0002", "wal/0003");
    }

    @Test
    void listDescendsIntoNestedFolders() {
        store.put("checkpoints/2/state/b", bytes("b"));
        store.put("checkpoints/2/state/a/deep", bytes("d"));
        store.put("checkpoints/2/manifest", bytes("m"));
        store.put("checkpoints/10/manifest", bytes("m"));

        assertThat(store.list("checkpoints/2/")).extracting(ObjectInfo::key).containsExactly(
                "checkpoints/2/manifest", "checkpoints/2/state/a/deep", "checkpoints/2/state/b");
        assertThat(store.list("checkpoints/")).extracting(ObjectInfo::key).containsExactly(
                "checkpoints/10/manifest",
                "checkpoints/2/manifest", "checkpoints/2/state/a/deep", "checkpoints/2/state/b");
    }

    @Test
    void listPrefixMayEndInsideAName() {
        store.put("wal/0001", bytes("1"));
        store.put("wal/00010", bytes("10"));
        store.put("wal/0002", bytes("2"));
        store.put("wal/0001x/nested", bytes("n"));

        assertThat(store.list("wal/0001")).extracting(ObjectInfo::key)
                .containsExactly("wal/0001", "wal/00010", "wal/0001x/nested");
        assertThat(store.list("wal/00010")).extracting(ObjectInfo::key).containsExactly("wal/00010");
        assertThat(store.list("wa")).hasSize(4);
    }

    @Test
    void listOfAnUnknownPrefixIsEmpty() {
        store.put("wal/0001", bytes("1"));

        assertThat(store.list("nothing/")).isEmpty();
        assertThat(store.list("wal/9")).isEmpty();
        assertThat(store.list("wal/0001/")).isEmpty();
    }

    @Test
    void deleteRemovesTheObject() {
        store.put("wal/0001", bytes("1"));
        store.put("wal/0002", bytes("2"));

        store.delete("wal/0001");

        assertThat(store.find("wal/0001")).isEmpty();
        assertThat(store.list("wal/")).extracting(ObjectInfo::key).containsExactly("wal/0002");
        assertThat(store.putIfAbsent("wal/0001", bytes("again"))).isTrue();
    }

    @Test
    void deleteOfAMissingObjectIsFine() {
        store.delete("missing");
        store.delete("no/such/folder/missing");

        assertThat(store.list("")).isEmpty();
    }

    @Test
    void invalidKeysAreRejected() {
        Path file = scratch.resolve("file");
        for (String key : List.of("", "/absolute", "a/../b", "..", "a\\b")) {
            assertThatThrownBy(() -> store.put(key, bytes("x"))).as("put %s", key)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.putIfAbsent(key, bytes("x"))).as("putIfAbsent %s", key)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.putFile(key, file)).as("putFile %s", key)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.get(key)).as("get %s", key)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.find(key)).as("find %s", key)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.getRange(key, 0, 1)).as("getRange %s", key)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.getFile(key, file)).as("getFile %s", key)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.delete(key)).as("delete %s", key)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void keysMayHoldSpacesAndUnicode() {
        store.put("names/with space/ünïcode €", bytes("x"));

        assertThat(store.get("names/with space/ünïcode €")).isEqualTo(bytes("x"));
        assertThat(store.list("names/")).extracting(ObjectInfo::key).containsExactly("names/with space/ünïcode €");
    }

    @Test
    void locationNamesTheStore() {
        assertThat(store.location()).isNotBlank();
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    protected static byte[] randomBytes(int size, long seed) {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        return content;
    }
}
