package io.rockstream.cli;

import io.rockstream.jobmanager.EngineConfig;
import io.rockstream.statebackend.objectstore.ObjectStores;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options that say where state is durable ({@code --storage} and the S3 settings) and
 * how often to checkpoint; shared by the commands that run an engine.
 */
final class StorageOptions {
    /** The storage value that keeps state in memory only. */
    static final String MEMORY = "memory";

    @Option(names = "--storage", paramLabel = "PATH|s3://BUCKET/PREFIX|memory",
            description = "Where state is durable: a directory used as an object store, an S3 bucket and prefix,"
                    + " or `memory` (nothing survives the process). Default: ./data for start, memory for shell.")
    String storage;

    @Option(names = "--s3-endpoint", paramLabel = "URL",
            description = "S3 endpoint, e.g. http://127.0.0.1:9000 (else ROCKSTREAM_S3_ENDPOINT or AWS_ENDPOINT_URL;"
                    + " else AWS).")
    String s3Endpoint;

    @Option(names = "--s3-region", paramLabel = "REGION", description = "S3 region (else AWS_REGION; default us-east-1).")
    String s3Region;

    @Option(names = "--s3-access-key", paramLabel = "KEY", description = "S3 access key (else AWS_ACCESS_KEY_ID).")
    String s3AccessKey;

    @Option(names = "--s3-secret-key", paramLabel = "KEY",
            description = "S3 secret key (else AWS_SECRET_ACCESS_KEY; prefer the environment: flags show in ps).")
    String s3SecretKey;

    @Option(names = "--s3-path-style", paramLabel = "true|false",
            description = "Path-style S3 addressing (default: true when an endpoint is given).")
    String s3PathStyle;

    @Option(names = "--checkpoint-epochs", paramLabel = "N",
            description = "Checkpoint every N epochs (default: " + EngineConfig.DEFAULT_CHECKPOINT_EPOCHS + ").")
    int checkpointEpochs = EngineConfig.DEFAULT_CHECKPOINT_EPOCHS;

    @Option(names = "--checkpoint-interval-ms", paramLabel = "MS",
            description = "But not more often than every MS milliseconds (default: "
                    + EngineConfig.DEFAULT_CHECKPOINT_INTERVAL_MILLIS + ").")
    long checkpointIntervalMillis = EngineConfig.DEFAULT_CHECKPOINT_INTERVAL_MILLIS;

    /** The storage in effect: the flag, else {@code fallback}. */
    String storage(String fallback) {
        return storage == null ? fallback : storage;
    }

    /** The engine settings with the storage opened (when it is not {@code memory}). */
    EngineConfig config(String fallback) {
        EngineConfig config = EngineConfig.defaults().withCheckpoints(checkpointEpochs, checkpointIntervalMillis,
                EngineConfig.DEFAULT_RETAINED_CHECKPOINTS);
        String location = storage(fallback);
        if (location.equals(MEMORY)) {
            return config;
        }
        Map<String, String> options = new HashMap<>();
        put(options, ObjectStores.ENDPOINT, s3Endpoint);
        put(options, ObjectStores.REGION, s3Region);
        put(options, ObjectStores.ACCESS_KEY, s3AccessKey);
        put(options, ObjectStores.SECRET_KEY, s3SecretKey);
        put(options, ObjectStores.PATH_STYLE, s3PathStyle);
        return config.withStorage(ObjectStores.open(location, options, System.getenv()));
    }

    private static void put(Map<String, String> options, String key, String value) {
        if (value != null) {
            options.put(key, value);
        }
    }
}
