package io.rockstream.statebackend.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockstream.jobgraph.error.RockStreamException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract against a real S3 service (S3Proxy), each test in a folder of its own. */
class S3ObjectStoreTest extends ObjectStoreContract {
    private static final AtomicInteger FOLDERS = new AtomicInteger();

    @TempDir
    static Path serverDirectory;

    private static S3TestServer server;

    @BeforeAll
    static void startServer() {
        server = S3TestServer.start(serverDirectory);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected ObjectStore createStore() {
        return new S3ObjectStore(server.config("tests/" + FOLDERS.incrementAndGet()));
    }

    @Test
    void locationIsTheBucketAndFolder() {
        try (S3ObjectStore nested = new S3ObjectStore(server.config("/cluster-1/store/"));
                S3ObjectStore bucketRoot = new S3ObjectStore(server.config(""))) {
            assertThat(nested.location()).isEqualTo("s3://rockstream-test/cluster-1/store");
            assertThat(bucketRoot.location()).isEqualTo("s3://rockstream-test");
        }
    }

    @Test
    void storesInDifferentFoldersDoNotSeeEachOther() {
        try (S3ObjectStore first = new S3ObjectStore(server.config("isolation/job"));
                S3ObjectStore second = new S3ObjectStore(server.config("isolation/job2"));
                S3ObjectStore bucketRoot = new S3ObjectStore(server.config(""))) {
            first.put("wal/0001", bytes("first"));
            second.put("wal/0001", bytes("second"));

            assertThat(first.list("")).extracting(ObjectStore.ObjectInfo::key).containsExactly("wal/0001");
            assertThat(second.get("wal/0001")).isEqualTo(bytes("second"));
            assertThat(bucketRoot.list("isolation/")).extracting(ObjectStore.ObjectInfo::key)
                    .containsExactly("isolation/job/wal/0001", "isolation/job2/wal/0001");
            assertThat(bucketRoot.get("isolation/job/wal/0001")).isEqualTo(bytes("first"));
        }
    }

    @Test
    void listPagesThroughMoreObjectsThanOnePageHolds() {
        try (S3ObjectStore smallPages = new S3ObjectStore(server.config("paging"), 7)) {
            List<String> keys = new ArrayList<>();
            for (int index = 0; index < 30; index++) {
                keys.add(String.format("many/%03d", index));
                smallPages.put(keys.get(index), new byte[index]);
            }
            smallPages.put("other", bytes("not listed"));

            assertThat(smallPages.list("many/")).extracting(ObjectStore.ObjectInfo::key).isEqualTo(keys);
            assertThat(smallPages.list("many/")).extracting(ObjectStore.ObjectInfo::size)
                    .containsExactlyElementsOf(IntStream.range(0, 30).mapToObj(Long::valueOf).toList());
            assertThat(smallPages.list("")).hasSize(31);
        }
    }

    @Test
    void aMissingBucketIsAnIoErrorNotAMissingObject() {
        S3Config config = new S3Config("no-such-bucket", "", server.endpoint(), S3TestServer.REGION,
                S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY, true);
        try (S3ObjectStore missingBucket = new S3ObjectStore(config)) {
            assertThatThrownBy(() -> missingBucket.get("key"))
                    .isInstanceOfSatisfying(RockStreamException.class, e -> {
                        assertThat(e.sqlState()).isEqualTo("58030");
                        assertThat(e.getMessage()).contains("s3://no-such-bucket", server.endpoint(), "\"key\"");
                        assertThat(e.hint()).contains("create bucket");
                    });
        }
    }

    @Test
    void wrongCredentialsFailWithoutLeakingTheSecret() {
        S3Config config = new S3Config(S3TestServer.BUCKET, "", server.endpoint(), S3TestServer.REGION,
                S3TestServer.ACCESS_KEY, "wrong-secret-key-1234", true);
        try (S3ObjectStore wrong = new S3ObjectStore(config)) {
            assertThatThrownBy(() -> wrong.put("key", bytes("x")))
                    .isInstanceOfSatisfying(RockStreamException.class, e -> {
                        assertThat(e.sqlState()).isEqualTo("58030");
                        assertThat(e.describe()).doesNotContain("wrong-secret-key-1234");
                        assertThat(e.hint()).contains("access key");
                    });
            assertThat(config.toString()).doesNotContain("wrong-secret-key-1234");
            assertThat(wrong.toString()).doesNotContain("wrong-secret-key-1234");
        }
    }

    @Test
    void putFileOfAMissingLocalFileIsAnIoError(@TempDir Path directory) {
        assertThatThrownBy(() -> store.putFile("key", directory.resolve("absent")))
                .isInstanceOfSatisfying(RockStreamException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("58030");
                    assertThat(e.getMessage()).contains("absent");
                });
    }

    @Test
    void aStoppedServerFailsFastWithIoErrorAndRecoversOnRestart(@TempDir Path directory) throws Exception {
        S3TestServer outage = S3TestServer.start(directory);
        try (S3ObjectStore outageStore = new S3ObjectStore(outage.config("outage"))) {
            outageStore.put("before", bytes("kept"));
            outage.stop();

            Path file = directory.resolve("file");
            Files.write(file, bytes("upload"));
            Map<String, ThrowingCallable> operations = Map.of(
                    "put", () -> outageStore.put("key", bytes("x")),
                    "putFile", () -> outageStore.putFile("key", file),
                    "putIfAbsent", () -> outageStore.putIfAbsent("key", bytes("x")),
                    "get", () -> outageStore.get("before"),
                    "find", () -> outageStore.find("before"),
                    "getRange", () -> outageStore.getRange("before", 0, 1),
                    "getFile", () -> outageStore.getFile("before", directory.resolve("download")),
                    "list", () -> outageStore.list(""),
                    "delete", () -> outageStore.delete("before"));
            for (Map.Entry<String, ThrowingCallable> operation : operations.entrySet()) {
                long start = System.nanoTime();
                assertThatThrownBy(operation.getValue()).as(operation.getKey())
                        .isInstanceOfSatisfying(RockStreamException.class, e -> {
                            assertThat(e.sqlState()).isEqualTo("58030");
                            assertThat(e.getMessage()).contains("s3://rockstream-test/outage", outage.endpoint());
                            assertThat(e.describe()).doesNotContain(S3TestServer.SECRET_KEY);
                        });
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                assertThat(elapsed).as("time for %s to fail", operation.getKey()).isLessThan(Duration.ofSeconds(20));
            }
            assertThat(directory.resolve("download")).doesNotExist();

            outage.restart();
            assertThat(outageStore.get("before")).isEqualTo(bytes("kept"));
        } finally {
            outage.close();
        }
    }

    @Test
    void openParsesAnS3Location() {
        S3Config config = ObjectStores.s3Config("s3://my-bucket/cluster/one", Map.of(), Map.of());

        assertThat(config.bucket()).isEqualTo("my-bucket");
        assertThat(config.normalizedPrefix()).isEqualTo("cluster/one");
        assertThat(config.endpoint()).isNull();
        assertThat(config.region()).isEqualTo("us-east-1");
        assertThat(config.accessKey()).isNull();
        assertThat(config.secretKey()).isNull();
        assertThat(config.pathStyle()).isFalse();
        assertThat(config.location()).isEqualTo("s3://my-bucket/cluster/one");
        assertThat(ObjectStores.s3Config("s3://my-bucket", Map.of(), Map.of()).normalizedPrefix()).isEmpty();
        assertThat(ObjectStores.s3Config("s3://my-bucket/", Map.of(), Map.of()).normalizedPrefix()).isEmpty();
    }

    @Test
    void openTakesSettingsFromOptionsBeforeTheEnvironment() {
        Map<String, String> environment = Map.of(
                "ROCKSTREAM_S3_ENDPOINT", "http://from-rockstream-variable:9000",
                "AWS_ENDPOINT_URL", "http://from-aws-variable:9000",
                "AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "environment-access",
                "AWS_SECRET_ACCESS_KEY", "environment-secret");

        S3Config fromEnvironment = ObjectStores.s3Config("s3://bucket/prefix", Map.of(), environment);
        assertThat(fromEnvironment).isEqualTo(new S3Config("bucket", "/prefix", "http://from-rockstream-variable:9000",
                "eu-west-1", "environment-access", "environment-secret", true));

        S3Config fromOptions = ObjectStores.s3Config("s3://bucket/prefix", Map.of(
                "s3.endpoint", "https://from-option",
                "s3.region", "ap-south-1",
                "s3.access-key", "option-access",
                "s3.secret-key", "option-secret",
                "s3.path-style", "false",
                "unrelated.option", "ignored"), environment);
        assertThat(fromOptions).isEqualTo(new S3Config("bucket", "/prefix", "https://from-option", "ap-south-1",
                "option-access", "option-secret", false));

        S3Config awsEndpoint = ObjectStores.s3Config("s3://bucket", Map.of(),
                Map.of("AWS_ENDPOINT_URL", "http://from-aws-variable:9000", "ROCKSTREAM_S3_ENDPOINT", ""));
        assertThat(awsEndpoint.endpoint()).isEqualTo("http://from-aws-variable:9000");
        assertThat(awsEndpoint.pathStyle()).isTrue();
    }

    @Test
    void openRejectsBadLocationsAndOptions() {
        assertInvalid("s3://", Map.of());
        assertInvalid("s3:///prefix", Map.of());
        assertInvalid("s3://Upper_Case", Map.of());
        assertInvalid("s3://ab", Map.of());
        assertInvalid("s3://user@bucket/prefix", Map.of());
        assertInvalid("s3://bucket:9000/prefix", Map.of());
        assertInvalid("s3://bucket/prefix?query", Map.of());
        assertInvalid("s3://bucket/a/../b", Map.of());
        assertInvalid("s3://bucket/a//b", Map.of());
        assertInvalid("s3://bucket/with space", Map.of());
        assertInvalid("gs://bucket/prefix", Map.of());
        assertInvalid("", Map.of());
        assertInvalid("s3://bucket", Map.of("s3.endpont", "http://typo:9000"));
        assertInvalid("s3://bucket", Map.of("s3.endpoint", "ftp://host"));
        assertInvalid("s3://bucket", Map.of("s3.endpoint", "not a url"));
        assertInvalid("s3://bucket", Map.of("s3.endpoint", "http://user:secret@host:9000"));
        assertInvalid("s3://bucket", Map.of("s3.path-style", "yes"));
        assertInvalid("s3://bucket", Map.of("s3.access-key", "only-the-access-key"));
        assertInvalid("s3://bucket", Map.of("s3.region", " "));
    }

    @Test
    void openGivesALocalStoreForAPathAndAnS3StoreForAnS3Location(@TempDir Path directory) {
        try (ObjectStore local = ObjectStores.open(directory.resolve("data").toString(), Map.of(), Map.of())) {
            assertThat(local).isInstanceOf(LocalObjectStore.class);
            local.put("key", bytes("local"));
            assertThat(directory.resolve("data/key")).hasBinaryContent(bytes("local"));
        }
        try (ObjectStore local = ObjectStores.open(directory.resolve("uri").toUri().toString(), Map.of(), Map.of())) {
            assertThat(((LocalObjectStore) local).root()).isEqualTo(directory.resolve("uri"));
        }
        Map<String, String> options = new HashMap<>(server.options());
        options.remove(ObjectStores.SECRET_KEY);
        Map<String, String> environment = Map.of("AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY);
        try (ObjectStore remote = ObjectStores.open("s3://rockstream-test/opened", options, environment)) {
            assertThat(remote).isInstanceOf(S3ObjectStore.class);
            assertThat(remote.location()).isEqualTo("s3://rockstream-test/opened");
            remote.put("key", bytes("remote"));
            assertThat(remote.get("key")).isEqualTo(bytes("remote"));
        }
    }

    private static void assertInvalid(String storage, Map<String, String> options) {
        assertThatThrownBy(() -> ObjectStores.open(storage, options, Map.of()))
                .as("storage \"%s\" with %s", storage, options)
                .isInstanceOfSatisfying(RockStreamException.class,
                        e -> assertThat(e.sqlState()).isEqualTo("22023"));
    }
}
