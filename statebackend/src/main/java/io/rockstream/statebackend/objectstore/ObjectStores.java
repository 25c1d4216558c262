package io.rockstream.statebackend.objectstore;

import static java.util.Objects.requireNonNull;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Opens the object store a storage setting names: a local directory ({@code ./data},
 * {@code /var/lib/rockstream}, {@code file:///var/lib/rockstream}) or an S3 folder
 * ({@code s3://bucket} or {@code s3://bucket/some/prefix}).
 *
 * <p>An S3 store takes each setting from its option, else from the environment, else from
 * the default:
 * <table>
 *   <caption>S3 settings</caption>
 *   <tr><th>setting</th><th>option</th><th>environment</th><th>default</th></tr>
 *   <tr><td>endpoint</td><td>{@code s3.endpoint}</td>
 *       <td>{@code ROCKSTREAM_S3_ENDPOINT}, then {@code AWS_ENDPOINT_URL}</td><td>AWS</td></tr>
 *   <tr><td>region</td><td>{@code s3.region}</td><td>{@code AWS_REGION}</td><td>{@code us-east-1}</td></tr>
 *   <tr><td>credentials</td><td>{@code s3.access-key}, {@code s3.secret-key}</td>
 *       <td>{@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}</td>
 *       <td>the AWS default chain (profile, container or instance role)</td></tr>
 *   <tr><td>path-style addressing</td><td>{@code s3.path-style}</td><td></td>
 *       <td>true when an endpoint is set, else false</td></tr>
 * </table>
 * A malformed location, an unknown {@code s3.*} option or a bad option value fails with
 * {@code 22023}. An empty environment variable counts as unset.
 */
public final class ObjectStores {
    public static final String ENDPOINT = "s3.endpoint";
    public static final String REGION = "s3.region";
    public static final String ACCESS_KEY = "s3.access-key";
    public static final String SECRET_KEY = "s3.secret-key";
    public static final String PATH_STYLE = "s3.path-style";
    public static final String DEFAULT_REGION = "us-east-1";

    private static final Set<String> S3_OPTIONS = Set.of(ENDPOINT, REGION, ACCESS_KEY, SECRET_KEY, PATH_STYLE);
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    /** Bucket names as S3 allows them (3 to 63 characters), plus '_' that older services accept. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]");

    private ObjectStores() {
    }

    /** Opens {@code storage} with the process environment as the fallback for S3 settings. */
    public static ObjectStore open(String storage, Map<String, String> options) {
        return open(storage, options, System.getenv());
    }

    /** Opens {@code storage}; {@code environment} stands in for the process environment. */
    public static ObjectStore open(String storage, Map<String, String> options, Map<String, String> environment) {
        requireNonNull(storage, "storage is null");
        requireNonNull(options, "options is null");
        requireNonNull(environment, "environment is null");
        if (storage.regionMatches(true, 0, "s3://", 0, 5)) {
            return new S3ObjectStore(s3Config(storage, options, environment));
        }
        return new LocalObjectStore(localRoot(storage));
    }

    /** The S3 settings for an {@code s3://bucket/prefix} location; see the class comment. */
    public static S3Config s3Config(String storage, Map<String, String> options, Map<String, String> environment) {
        requireNonNull(storage, "storage is null");
        requireNonNull(options, "options is null");
        requireNonNull(environment, "environment is null");
        Set<String> unknown = new TreeSet<>();
        for (String name : options.keySet()) {
            if (name.startsWith("s3.") && !S3_OPTIONS.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw invalid("unknown storage option %s; the S3 options are %s", unknown, new TreeSet<>(S3_OPTIONS));
        }
        URI uri;
        try {
            uri = new URI(storage);
        } catch (URISyntaxException e) {
            throw invalid("invalid storage location \"%s\": %s; write s3://bucket/prefix", storage, e.getReason());
        }
        String bucket = uri.getRawAuthority();
        if (bucket == null || uri.getRawUserInfo() != null || uri.getPort() != -1
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid("invalid storage location \"%s\"; write s3://bucket/prefix", storage);
        }
        if (!BUCKET.matcher(bucket).matches()) {
            throw invalid("invalid bucket name \"%s\" in storage location \"%s\": use 3 to 63 lowercase letters, "
                    + "digits, '.', '-' or '_'", bucket, storage);
        }
        String prefix = uri.getPath() == null ? "" : uri.getPath();
        if (prefix.contains("//") || prefix.contains("..") || prefix.contains("\\")) {
            throw invalid("invalid prefix \"%s\" in storage location \"%s\"", prefix, storage);
        }
        String endpoint = setting(options, ENDPOINT, environment, "ROCKSTREAM_S3_ENDPOINT", "AWS_ENDPOINT_URL");
        if (endpoint != null) {
            checkEndpoint(endpoint);
        }
        String region = setting(options, REGION, environment, "AWS_REGION");
        String accessKey = setting(options, ACCESS_KEY, environment, "AWS_ACCESS_KEY_ID");
        String secretKey = setting(options, SECRET_KEY, environment, "AWS_SECRET_ACCESS_KEY");
        if ((accessKey == null) != (secretKey == null)) {
            throw invalid("S3 credentials need both the access key (%s or AWS_ACCESS_KEY_ID) and the secret key "
                    + "(%s or AWS_SECRET_ACCESS_KEY)", ACCESS_KEY, SECRET_KEY);
        }
        return new S3Config(bucket, prefix, endpoint, region == null ? DEFAULT_REGION : region, accessKey, secretKey,
                pathStyle(options.get(PATH_STYLE), endpoint != null));
    }

    private static Path localRoot(String storage) {
        try {
            if (storage.isBlank()) {
                throw invalid("the storage location is empty; give a directory or s3://bucket/prefix");
            }
            if (storage.regionMatches(true, 0, "file:", 0, 5)) {
                return Path.of(new URI(storage));
            }
            // "C:\data" is a path on Windows, not a URI with scheme "C"
            if (SCHEME.matcher(storage).find() && storage.contains("://")) {
                throw invalid("unsupported storage location \"%s\"; give a directory or s3://bucket/prefix", storage);
            }
            return Path.of(storage); // InvalidPathException is an IllegalArgumentException
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw invalid("invalid storage location \"%s\": %s", storage, e.getMessage());
        }
    }

    private static void checkEndpoint(String endpoint) {
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw invalid("invalid S3 endpoint \"%s\": %s", endpoint, e.getReason());
        }
        boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
        if (!http || uri.getHost() == null) {
            throw invalid("invalid S3 endpoint \"%s\"; write http://host:port or https://host", endpoint);
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("the S3 endpoint must not carry credentials; use %s and %s", ACCESS_KEY, SECRET_KEY);
        }
    }

    private static boolean pathStyle(String value, boolean endpointGiven) {
        if (value == null) {
            return endpointGiven;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw invalid("invalid value \"%s\" for %s; use true or false", value, PATH_STYLE);
    }

    /** The option, else the first environment variable set, else null; blank counts as unset. */
    private static String setting(Map<String, String> options, String option, Map<String, String> environment,
            String... variables) {
        String value = options.get(option);
        if (value != null) {
            if (value.isBlank()) {
                throw invalid("option %s is empty", option);
            }
            return value.strip();
        }
        for (String variable : variables) {
            String fromEnvironment = environment.get(variable);
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                return fromEnvironment.strip();
            }
        }
        return null;
    }

    private static RockStreamException invalid(String format, Object... args) {
        return RockStreamException.of(ErrorCode.INVALID_PARAMETER_VALUE, format, args);
    }
}
