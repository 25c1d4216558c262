package io.rockstream.jobmanager.catalog;

import io.rockstream.statebackend.rocksdb.RocksDbStore;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Tests run against both kinds of contents: on the heap and in a RocksDB store in a temporary directory. */
abstract class ContentsStoreTest {
    @TempDir
    Path directory;
    RocksDbStore store;

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    static Stream<String> kinds() {
        return Stream.of("heap", "stored");
    }

    ContentsStore contentsStore(String kind) {
        if (kind.equals("heap")) {
            return ContentsStore.HEAP;
        }
        store = RocksDbStore.open(directory.resolve("db"), 16 << 20);
        return ContentsStore.in(store);
    }
}
