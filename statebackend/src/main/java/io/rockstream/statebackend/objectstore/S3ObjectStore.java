package io.rockstream.statebackend.objectstore;

import static java.util.Objects.requireNonNull;

import io.rockstream.jobgraph.error.RockStreamException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An object store in an S3 bucket (AWS S3, MinIO, Ceph, S3Proxy, ...), under a folder of the
 * bucket: key {@code wal/0001} of a store at {@code s3://bucket/cluster1} is the S3 object
 * {@code cluster1/wal/0001}.
 *
 * <p>How the {@link ObjectStore} contract maps onto S3:
 * <ul>
 *   <li>{@code put} and {@code putFile} are one PutObject each (at most 5 GB; no multipart),
 *       which S3 makes visible atomically.</li>
 *   <li>{@code putIfAbsent} is a PutObject with {@code If-None-Match: *}: the service answers
 *       412 (or 409 ConditionalRequestConflict while another conditional write of the key is in
 *       flight) to every writer but one, and those get false. When a claim's response is lost
 *       and the client retries, the retry meets the writer's own object (412): an object with
 *       exactly the bytes being written counts as this writer's, so the answer is true.</li>
 *   <li>{@code getRange} sends {@code Range: bytes=offset-(offset+length-1)}; a range that
 *       starts at or after the end of the object (416) reads as no bytes.</li>
 *   <li>{@code list} pages through ListObjectsV2 and sorts by key.</li>
 *   <li>A missing object (404, NoSuchKey) fails with {@code 58P01}. Every other failure fails
 *       with {@code 58030}, naming the bucket, the folder, the endpoint and the key, never the
 *       secret key; a missing bucket is a configuration error, so it is {@code 58030} too.</li>
 * </ul>
 *
 * <p>Each request gives up within seconds when the service does not answer: the connection
 * times out after {@value #CONNECT_TIMEOUT_SECONDS} s, a silent socket after
 * {@value #SOCKET_TIMEOUT_SECONDS} s, and a request is tried at most {@value #MAX_ATTEMPTS}
 * times. Thread-safe: the S3 client is.
 */
public final class S3ObjectStore implements ObjectStore {
    static final int CONNECT_TIMEOUT_SECONDS = 5;
    static final int SOCKET_TIMEOUT_SECONDS = 30;
    static final int MAX_ATTEMPTS = 3;
    /** More uploads after one whose body could not be written (see {@link #upload}). */
    static final int STALE_RETRIES = 2;
    private static final int NOT_FOUND = 404;
    private static final int CONFLICT = 409;
    private static final int PRECONDITION_FAILED = 412;
    private static final int RANGE_NOT_SATISFIABLE = 416;
    /** The most keys S3 returns in one ListObjectsV2 page. */
    private static final int LIST_PAGE_SIZE = 1_000;

    private final S3Config config;
    /** The folder with a trailing '/', or empty for the bucket's root. */
    private final String root;
    /** {@code s3://bucket/prefix at endpoint}, for error messages. */
    private final String where;
    private final S3Client client;
    private final int listPageSize;

    public S3ObjectStore(S3Config config) {
        this(config, LIST_PAGE_SIZE);
    }

    /** A store listing {@code listPageSize} keys a request, so tests can page through a few objects. */
    S3ObjectStore(S3Config config, int listPageSize) {
        this.config = requireNonNull(config, "config is null");
        if (listPageSize < 1 || listPageSize > LIST_PAGE_SIZE) {
            throw new IllegalArgumentException("list page size must be 1 to " + LIST_PAGE_SIZE + ": " + listPageSize);
        }
        this.listPageSize = listPageSize;
        String folder = config.normalizedPrefix();
        this.root = folder.isEmpty() ? "" : folder + "/";
        this.where = config.endpoint() == null
                ? config.location()
                : config.location() + " at " + displayEndpoint(config.endpoint());
        this.client = createClient(config);
    }

    public S3Config config() {
        return config;
    }

    @Override
    public void put(String key, byte[] data) {
        requireNonNull(data, "data is null");
        String objectKey = objectKey(key);
        try {
            upload(() -> client.putObject(request -> request.bucket(config.bucket()).key(objectKey),
                    RequestBody.fromBytes(data)));
        } catch (SdkException e) {
            throw failure("write", key, e);
        }
    }

    @Override
    public void putFile(String key, Path file) {
        requireNonNull(file, "file is null");
        String objectKey = objectKey(key);
        if (!Files.isRegularFile(file)) {
            // not StorageErrors' NoSuchFileException mapping: the object is not what is missing
            throw StorageErrors.failed("upload", where, key, new IOException("local file " + file + " does not exist"));
        }
        try {
            upload(() -> client.putObject(request -> request.bucket(config.bucket()).key(objectKey),
                    RequestBody.fromFile(file)));
        } catch (SdkException e) {
            throw failure("upload", key, e);
        }
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) {
        requireNonNull(data, "data is null");
        String objectKey = objectKey(key);
        try {
            upload(() -> client.putObject(request -> request.bucket(config.bucket()).key(objectKey).ifNoneMatch("*"),
                    RequestBody.fromBytes(data)));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == PRECONDITION_FAILED) {
                // when a response is lost the client retries, and the retry finds the first attempt's object:
                // holding exactly our bytes, it is ours (a rival writing the very same bytes changes nothing)
                return find(key).map(existing -> java.util.Arrays.equals(existing, data)).orElse(false);
            }
            if (e.statusCode() == CONFLICT && "ConditionalRequestConflict".equals(errorCode(e))) {
                return false;
            }
            throw failure("write", key, e);
        } catch (SdkException e) {
            throw failure("write", key, e);
        }
    }

    @Override
    public byte[] get(String key) {
        String objectKey = objectKey(key);
        try {
            return client.getObjectAsBytes(request -> request.bucket(config.bucket()).key(objectKey)).asByteArrayUnsafe();
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public Optional<byte[]> find(String key) {
        String objectKey = objectKey(key);
        try {
            return Optional.of(
                    client.getObjectAsBytes(request -> request.bucket(config.bucket()).key(objectKey)).asByteArrayUnsafe());
        } catch (SdkException e) {
            if (isMissingObject(e)) {
                return Optional.empty();
            }
            throw failure("read", key, e);
        }
    }

    @Override
    public byte[] getRange(String key, long offset, int length) {
        String objectKey = objectKey(key);
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("invalid range of \"" + key + "\": offset " + offset + ", length " + length);
        }
        try {
            if (length == 0) {
                // an empty Range header is invalid; still fail on a missing object like any read
                client.headObject(request -> request.bucket(config.bucket()).key(objectKey));
                return new byte[0];
            }
            long last = offset > Long.MAX_VALUE - length ? Long.MAX_VALUE : offset + length - 1;
            GetObjectRequest request = GetObjectRequest.builder()
                    .bucket(config.bucket())
                    .key(objectKey)
                    .range("bytes=" + offset + "-" + last)
                    .build();
            try (ResponseInputStream<GetObjectResponse> in = client.getObject(request)) {
                if (in.response().contentRange() != null) {
                    return in.readNBytes(length);
                }
                // the service ignored the Range header and sent the whole object
                byte[] whole = in.readAllBytes();
                int from = (int) Math.min(offset, whole.length);
                return Arrays.copyOfRange(whole, from, (int) Math.min(whole.length, (long) from + length));
            }
        } catch (S3Exception e) {
            if (e.statusCode() == RANGE_NOT_SATISFIABLE) {
                return new byte[0];
            }
            throw failure("read", key, e);
        } catch (SdkException e) {
            throw failure("read", key, e);
        } catch (IOException e) {
            throw StorageErrors.failed("read", where, key, e);
        }
    }

    @Override
    public void getFile(String key, Path target) {
        requireNonNull(target, "target is null");
        String objectKey = objectKey(key);
        Path directory = target.toAbsolutePath().getParent();
        Path partial = null;
        try {
            // download beside the target and rename, so a failed download never leaves half a file
            partial = Files.createTempFile(directory, "." + target.getFileName(), ".part");
            try (InputStream in = client.getObject(request -> request.bucket(config.bucket()).key(objectKey))) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (SdkException e) {
            throw failure("download", key, e);
        } catch (IOException e) {
            throw StorageErrors.failed("download", where, key, e);
        } finally {
            deleteQuietly(partial);
        }
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        requireNonNull(prefix, "prefix is null");
        ListObjectsV2Request request = ListObjectsV2Request.builder()
                .bucket(config.bucket())
                .prefix(root + prefix)
                .maxKeys(listPageSize)
                .build();
        List<ObjectInfo> objects = new ArrayList<>();
        try {
            for (S3Object object : client.listObjectsV2Paginator(request).contents()) {
                objects.add(new ObjectInfo(object.key().substring(root.length()), object.size()));
            }
        } catch (SdkException e) {
            throw failure("list", prefix, e);
        }
        objects.sort(Comparator.comparing(ObjectInfo::key));
        return objects;
    }

    @Override
    public void delete(String key) {
        String objectKey = objectKey(key);
        try {
            client.deleteObject(request -> request.bucket(config.bucket()).key(objectKey));
        } catch (SdkException e) {
            if (isMissingObject(e)) {
                return;
            }
            throw failure("delete", key, e);
        }
    }

    @Override
    public String location() {
        return config.location();
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "S3ObjectStore[" + where + "]";
    }

    private String objectKey(String key) {
        return root + ObjectStore.checkKey(key);
    }

    private RockStreamException failure(String action, String key, SdkException e) {
        if (isMissingObject(e)) {
            return StorageErrors.missing(where, key);
        }
        // the IOException carries the SDK's own message without its class name
        RockStreamException error = StorageErrors.failed(action, where, key, new IOException(e.getMessage(), e));
        if (e instanceof S3Exception s3) {
            String code = errorCode(s3);
            if ("NoSuchBucket".equals(code)) {
                return error.withHint("create bucket \"" + config.bucket() + "\" or fix the storage location");
            }
            if (s3.statusCode() == 403) {
                return error.withHint("check the access key, the secret key and the bucket's permissions");
            }
        } else if (e instanceof SdkClientException) {
            return error.withHint(config.endpoint() == null
                    ? "check that S3 in region " + config.region() + " is reachable"
                    : "check that the S3 endpoint " + displayEndpoint(config.endpoint()) + " is up and reachable");
        }
        return error;
    }

    private static boolean isMissingObject(SdkException e) {
        return e instanceof S3Exception s3 && s3.statusCode() == NOT_FOUND && !"NoSuchBucket".equals(errorCode(s3));
    }

    /**
     * Runs an upload, and runs it again (up to {@value #STALE_RETRIES} more times) when
     * HttpURLConnection could not write the body ("Error writing request body to server"): a
     * pooled keep-alive connection the server had already closed, and the SDK's own attempts
     * can each draw another stale one from the pool (seen in CI against S3Proxy, three attempts
     * in a row at a process start). A conditional put whose first attempt did land meets it as
     * 412 on the next, which {@link #putIfAbsent} already counts as its own.
     */
    private static <T> T upload(java.util.function.Supplier<T> call) {
        for (int retry = 0; ; retry++) {
            try {
                return call.get();
            } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
                if (retry >= STALE_RETRIES || !bodyNotWritten(e)) {
                    throw e;
                }
            }
        }
    }

    private static boolean bodyNotWritten(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains("Error writing request body")) {
                return true;
            }
        }
        return false;
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    private static S3Client createClient(S3Config config) {
        AwsCredentialsProvider credentials = config.accessKey() == null
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKey(), config.secretKey()));
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(CONNECT_TIMEOUT_SECONDS))
                        .socketTimeout(Duration.ofSeconds(SOCKET_TIMEOUT_SECONDS)))
                .overrideConfiguration(override -> override.retryStrategy(retry -> retry.maxAttempts(MAX_ATTEMPTS)))
                .region(Region.of(config.region()))
                .credentialsProvider(credentials)
                // HttpURLConnection mishandles an early answer to "Expect: 100-continue" ("Error writing request
                // body to server" on some uploads to S3-compatible servers); our objects are small or local, so
                // the handshake saves nothing
                .serviceConfiguration(s3 -> s3.expectContinueEnabled(false))
                .forcePathStyle(config.pathStyle());
        if (config.endpoint() != null) {
            builder.endpointOverride(URI.create(config.endpoint()));
        }
        return builder.build();
    }

    /** The endpoint without any user information a URL might carry. */
    private static String displayEndpoint(String endpoint) {
        try {
            URI uri = URI.create(endpoint);
            if (uri.getRawUserInfo() == null) {
                return endpoint;
            }
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            return "(invalid endpoint)";
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a stray ".part" file beside the target is harmless and named as such
        }
    }
}
