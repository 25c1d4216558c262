package io.rockstream.statebackend.objectstore;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * A real S3 service for tests: S3Proxy on 127.0.0.1, keeping its objects as files in a
 * directory, with fixed credentials and one bucket, {@value #BUCKET}, created on start.
 * {@link #stop()} and {@link #restart()} simulate an outage; the server comes back on the same
 * port with the same objects. Not thread-safe: one test drives it.
 *
 * <pre>{@code
 * S3TestServer server = S3TestServer.start(tempDir);
 * try (ObjectStore store = new S3ObjectStore(server.config("job-1"))) { ... }
 * server.close();
 * }</pre>
 */
public final class S3TestServer implements AutoCloseable {
    public static final String BUCKET = "rockstream-test";
    public static final String ACCESS_KEY = "rockstream-test-access-key";
    public static final String SECRET_KEY = "rockstream-test-secret-key";
    public static final String REGION = "us-east-1";

    private final Path directory;
    private int port;
    private S3Proxy proxy;

    private S3TestServer(Path directory) {
        this.directory = directory;
    }

    /** Starts a server on a free port that keeps its buckets under {@code directory}. */
    public static S3TestServer start(Path directory) {
        requireNonNull(directory, "directory is null");
        S3TestServer server = new S3TestServer(directory.toAbsolutePath());
        server.launch();
        return server;
    }

    /** {@code http://127.0.0.1:port}; the same across restarts. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public boolean running() {
        return proxy != null;
    }

    /** Settings for a store in folder {@code prefix} of the test bucket. */
    public S3Config config(String prefix) {
        return new S3Config(BUCKET, prefix, endpoint(), REGION, ACCESS_KEY, SECRET_KEY, true);
    }

    /** The {@link ObjectStores} options that reach this server. */
    public Map<String, String> options() {
        return Map.of(
                ObjectStores.ENDPOINT, endpoint(),
                ObjectStores.ACCESS_KEY, ACCESS_KEY,
                ObjectStores.SECRET_KEY, SECRET_KEY);
    }

    /** Stops serving; the objects stay in the directory. Stopping twice is fine. */
    public void stop() {
        if (proxy == null) {
            return;
        }
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop S3Proxy on " + endpoint(), e);
        } finally {
            proxy = null;
        }
    }

    /** Serves again on the same port, with the objects written before {@link #stop()}. */
    public void restart() {
        stop();
        launch();
    }

    @Override
    public void close() {
        stop();
    }

    private void launch() {
        try {
            Path buckets = Files.createDirectories(directory.resolve("buckets"));
            BlobStore blobStore = new FilesystemNio2BlobStore(buckets.toString());
            if (!blobStore.containerExists(BUCKET)) {
                blobStore.createContainer(BUCKET);
            }
            S3Proxy started = S3Proxy.builder()
                    .blobStore(blobStore)
                    .endpoint(URI.create("http://127.0.0.1:" + port))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .build();
            started.start();
            port = started.getPort();
            proxy = started;
        } catch (Exception e) {
            throw new IllegalStateException("could not start S3Proxy in " + directory + " on port " + port, e);
        }
    }
}
