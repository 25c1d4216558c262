package io.rockstream.statebackend.objectstore;

import static java.util.Objects.requireNonNull;

/**
 * Where and how {@link S3ObjectStore} reaches its bucket.
 *
 * @param bucket the bucket, which must exist
 * @param prefix the folder inside the bucket that holds every object of the store; may be
 *     empty, and leading or trailing '/' are ignored ({@code "a/b/"} and {@code "a/b"} are the
 *     same folder)
 * @param endpoint the S3 service URL ({@code http://127.0.0.1:9000} for MinIO or S3Proxy), or
 *     null for AWS itself, where the region picks the endpoint
 * @param region the signing region ({@code us-east-1} when the service does not care)
 * @param accessKey the access key id, or null (together with {@code secretKey}) for the AWS
 *     default credential chain: environment, profile, container or instance role
 * @param secretKey the secret access key; never printed, {@link #toString()} masks it
 * @param pathStyle true for {@code http://host/bucket/key} addressing (what most S3-compatible
 *     services need), false for {@code http://bucket.host/key}
 */
public record S3Config(
        String bucket,
        String prefix,
        String endpoint,
        String region,
        String accessKey,
        String secretKey,
        boolean pathStyle) {
    public S3Config {
        requireNonNull(bucket, "bucket is null");
        requireNonNull(prefix, "prefix is null");
        requireNonNull(region, "region is null");
        if (bucket.isEmpty() || bucket.contains("/")) {
            throw new IllegalArgumentException("invalid bucket name: \"" + bucket + "\"");
        }
        if ((accessKey == null) != (secretKey == null)) {
            throw new IllegalArgumentException("give both the access key and the secret key, or neither");
        }
    }

    /** The prefix without leading or trailing '/', empty for the bucket's root. */
    public String normalizedPrefix() {
        int start = 0;
        int end = prefix.length();
        while (start < end && prefix.charAt(start) == '/') {
            start++;
        }
        while (end > start && prefix.charAt(end - 1) == '/') {
            end--;
        }
        return prefix.substring(start, end);
    }

    /** {@code s3://bucket/prefix}, or {@code s3://bucket} when the prefix is empty. */
    public String location() {
        String folder = normalizedPrefix();
        return folder.isEmpty() ? "s3://" + bucket : "s3://" + bucket + "/" + folder;
    }

    /** Every field but the secret key, which shows as {@code ****} so logs never leak it. */
    @Override
    public String toString() {
        return "S3Config[bucket=" + bucket + ", prefix=" + prefix + ", endpoint=" + endpoint + ", region=" + region
                + ", accessKey=" + accessKey + ", secretKey=" + (secretKey == null ? null : "****")
                + ", pathStyle=" + pathStyle + "]";
    }
}
