package io.rockstream.cli;

import io.rockstream.gateway.GatewayConfig;
import io.rockstream.gateway.PgGateway;
import io.rockstream.gateway.TlsConfig;
import io.rockstream.gateway.auth.AuthMethod;
import io.rockstream.gateway.auth.UserStore;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobmanager.Engine;
import io.rockstream.jobmanager.cluster.ClusterCoordinator;
import io.rockstream.jobmanager.http.RestConfig;
import io.rockstream.jobmanager.http.RestServer;
import io.rockstream.jobmanager.EngineConfig;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code rockstream start}: the embedded engine (one JobManager and one TaskManager in this
 * JVM) serving the Postgres wire protocol on {@code --listen}:{@code --pg-port} until SIGTERM
 * (or Ctrl-C), then closing the gateway and the engine. A port already in use is refused
 * with exit status 2, a TLS certificate or key that cannot be loaded with 3. Who may log in
 * (loopback trust, {@code --users-file}, {@code --auth-method}), TLS and the connection
 * limits are described in docs/operations.md, "Connections and security". The HTTP server
 * is not built yet, so {@code --http-port} is reported but nothing listens on it. State is
 * durable in {@code --storage} ({@code ./data} by default): a restart, even after
 * {@code kill -9}, recovers every acknowledged write. The stdin shell is
 * {@code rockstream shell}.
 */
@Command(name = "start", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = {
            "Start the embedded engine and serve the Postgres protocol (connect with psql or JDBC).",
            "Runs until SIGTERM or Ctrl-C. For a SQL shell on stdin without a server, use `rockstream shell`."})
final class StartCommand implements Callable<Integer> {
    /** Exit status when the port cannot be bound. */
    static final int EXIT_PORT_IN_USE = 2;
    /** Exit status when the TLS certificate or key cannot be loaded. */
    static final int EXIT_BAD_SECURITY = 3;

    private final StandardStreams streams;
    private final CountDownLatch stopRequested;

    @Spec
    private CommandSpec spec;

    /** Where state is durable unless --storage says otherwise. */
    static final String DEFAULT_STORAGE = "./data";

    @Mixin
    private StorageOptions storage;

    @Option(names = "--listen", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address the Postgres gateway binds (default: ${DEFAULT-VALUE}). Loopback clients are"
                    + " trusted (see --loopback-trust); others must log in with a password from --users-file.")
    private String listen;

    @Option(names = "--pg-port", paramLabel = "PORT", defaultValue = "6875",
            description = "Postgres wire protocol port (default: ${DEFAULT-VALUE}).")
    private int pgPort;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8081",
            description = "REST API, web UI and Prometheus /metrics port (default: ${DEFAULT-VALUE}).")
    private int httpPort;

    @Option(names = "--http-listen", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address the HTTP server binds (default: ${DEFAULT-VALUE}). Beyond loopback, API calls"
                    + " always need a bearer token (--http-token, or one made up and printed at start).")
    private String httpListen;

    @Option(names = "--control-port", paramLabel = "PORT", defaultValue = "0",
            description = "Port TaskManager processes connect to (`rockstream taskmanager --jobmanager=HOST:PORT`);"
                    + " 0: none (default: ${DEFAULT-VALUE}; `rockstream jobmanager` listens on 6123). Binds --listen.")
    private int controlPort;

    @Option(names = "--heartbeat-timeout-ms", paramLabel = "MS", defaultValue = "10000",
            description = "A TaskManager silent this long is lost (default: ${DEFAULT-VALUE}).")
    private long heartbeatTimeoutMillis;

    @Option(names = "--http-token", paramLabel = "TOKEN",
            description = "Bearer token the REST API and /metrics require (prefer ROCKSTREAM_HTTP_TOKEN: flags show"
                    + " in ps).")
    private String httpToken;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "" + GatewayConfig.DEFAULT_MAX_CONNECTIONS,
            description = "Postgres connections served at once, each on its own thread (default: ${DEFAULT-VALUE});"
                    + " the next ones get FATAL 53300 \"sorry, too many clients already\".")
    private int maxConnections;

    @Option(names = "--auth-timeout-ms", paramLabel = "MS", defaultValue = "30000",
            description = "Time a client has from connecting to being logged in; then it is dropped"
                    + " (default: ${DEFAULT-VALUE}).")
    private long authTimeoutMillis;

    @Option(names = "--max-message-bytes", paramLabel = "BYTES",
            defaultValue = "" + GatewayConfig.DEFAULT_MAX_MESSAGE_BYTES,
            description = "Largest Postgres protocol message accepted (a query text, a bound value, a COPY chunk);"
                    + " a larger one is refused with FATAL 08P01 (default: ${DEFAULT-VALUE}).")
    private int maxMessageBytes;

    @Option(names = "--users-file", paramLabel = "PATH",
            description = "Users who log in with a password, one `name:secret` a line: a SCRAM-SHA-256 verifier as"
                    + " PostgreSQL stores it, an md5 hash, or the password in clear. Required for non-loopback"
                    + " clients.")
    private Path usersFile;

    @Option(names = "--auth-method", paramLabel = "password|md5|scram-sha-256", defaultValue = "scram-sha-256",
            description = "How passwords are asked for (default: ${DEFAULT-VALUE}).")
    private String authMethod;

    @Option(names = "--loopback-trust", paramLabel = "true|false", arity = "1", defaultValue = "true",
            description = "Whether loopback clients log in without a password, as any user (default: ${DEFAULT-VALUE}).")
    private boolean loopbackTrust;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "TLS certificate chain (PEM); with --tls-key.")
    private Path tlsCertificate;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "TLS private key (PEM, unencrypted PKCS#8).")
    private Path tlsKey;

    @Option(names = "--tls-keystore", paramLabel = "PKCS12",
            description = "TLS key and certificate in a PKCS#12 keystore (as keytool writes it), instead of PEM files;"
                    + " its password from --tls-keystore-password or ROCKSTREAM_TLS_KEYSTORE_PASSWORD.")
    private Path tlsKeystore;

    @Option(names = "--tls-keystore-password", paramLabel = "PASSWORD",
            description = "Password of --tls-keystore (prefer ROCKSTREAM_TLS_KEYSTORE_PASSWORD: flags show in ps).")
    private String tlsKeystorePassword;

    @Option(names = "--tls-required",
            description = "Refuse non-loopback clients that do not use TLS (needs a certificate).")
    private boolean tlsRequired;

    /** {@code stopRequested} is counted down by the JVM's shutdown hook (SIGTERM) or by tests. */
    StartCommand(StandardStreams streams, CountDownLatch stopRequested) {
        this.streams = streams;
        this.stopRequested = stopRequested;
    }

    @Override
    public Integer call() throws InterruptedException {
        checkPort("--pg-port", pgPort);
        checkPort("--http-port", httpPort);
        if (controlPort != 0) {
            checkPort("--control-port", controlPort);
        }
        if (heartbeatTimeoutMillis < 100) {
            throw new ParameterException(spec.commandLine(), "--heartbeat-timeout-ms must be at least 100: "
                    + heartbeatTimeoutMillis);
        }
        GatewayConfig gatewayConfig = gatewayConfig();
        EngineConfig config;
        Engine engine;
        try {
            config = storage.config(DEFAULT_STORAGE);
            engine = Engine.start(config);
        } catch (RockStreamException failure) {
            return CommandSupport.storageFailed(streams, storage.storage(DEFAULT_STORAGE), failure);
        }
        PgGateway gateway;
        try {
            gateway = PgGateway.start(engine, gatewayConfig);
        } catch (PgGateway.AddressInUseException busy) {
            engine.close();
            streams.err().println("rockstream: cannot listen on " + listen + ":" + pgPort + " for Postgres: "
                    + "the address is in use (is another RockStream or PostgreSQL running?). Stop it or choose"
                    + " another port with --pg-port.");
            streams.err().flush();
            return EXIT_PORT_IN_USE;
        } catch (IllegalArgumentException badTls) {
            engine.close();
            streams.err().println("rockstream: " + badTls.getMessage());
            streams.err().flush();
            return EXIT_BAD_SECURITY;
        } catch (RuntimeException failure) {
            engine.close();
            throw failure;
        }
        RestServer http;
        try {
            RestConfig httpConfig = new RestConfig(httpListen, httpPort, Optional.ofNullable(httpToken != null ? httpToken
                    : System.getenv("ROCKSTREAM_HTTP_TOKEN")).filter(token -> !token.isBlank()));
            http = RestServer.start(engine, httpConfig);
        } catch (RockStreamException failure) {
            gateway.close();
            engine.close();
            streams.err().println("rockstream: " + failure.getMessage() + ". Stop what uses it or choose another port"
                    + " with --http-port.");
            streams.err().flush();
            return EXIT_PORT_IN_USE;
        }
        io.rockstream.jobmanager.cluster.ControlServer control = null;
        if (controlPort > 0) {
            try {
                ClusterCoordinator.Config defaults = ClusterCoordinator.Config.defaults();
                control = io.rockstream.jobmanager.cluster.ControlServer.start(listen, controlPort, new ClusterCoordinator(
                        new ClusterCoordinator.Config(heartbeatTimeoutMillis, defaults.deployTimeoutMillis(),
                                defaults.checkpointIntervalMillis(), defaults.checkpointTimeoutMillis()),
                        System.currentTimeMillis(), java.util.List.of()), engine.clusterJobs());
                // closed by the engine, after its shutdown checkpoint: that one holds the TaskManagers' views too
                engine.attachControlPort(control);
            } catch (RockStreamException failure) {
                http.close();
                gateway.close();
                engine.close();
                streams.err().println("rockstream: " + failure.getMessage() + ". Choose another port with --control-port.");
                streams.err().flush();
                return EXIT_PORT_IN_USE;
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdownHook = new Thread(() -> {
            stopRequested.countDown();
            // let call() close everything before the JVM halts
            awaitQuietly(stopped);
        }, "rockstream-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            printBanner(config, engine, gateway, http);
            if (control != null) {
                streams.err().println("TaskManagers connect to " + listen + ":" + control.port()
                        + " (rockstream taskmanager --jobmanager=" + listen + ":" + control.port() + ").");
                streams.err().flush();
            }
            stopRequested.await();
            streams.err().println("Shutting down.");
            streams.err().flush();
        } finally {
            http.close();
            gateway.close();
            engine.close();
            stopped.countDown();
            removeHook(shutdownHook);
        }
        return 0;
    }

    /** The gateway settings from the flags; a bad combination or users file is a usage error. */
    private GatewayConfig gatewayConfig() {
        if (maxConnections < 1) {
            throw new ParameterException(spec.commandLine(), "--max-connections must be at least 1: " + maxConnections);
        }
        if (authTimeoutMillis < 1) {
            throw new ParameterException(spec.commandLine(), "--auth-timeout-ms must be positive: " + authTimeoutMillis);
        }
        if (maxMessageBytes < 1024) {
            throw new ParameterException(spec.commandLine(), "--max-message-bytes must be at least 1024: "
                    + maxMessageBytes);
        }
        AuthMethod method;
        try {
            method = AuthMethod.parse(authMethod);
        } catch (IllegalArgumentException unknown) {
            throw new ParameterException(spec.commandLine(), "--auth-method: " + unknown.getMessage());
        }
        UserStore users = UserStore.empty();
        if (usersFile != null) {
            try {
                users = UserStore.load(usersFile);
            } catch (IllegalArgumentException | UncheckedIOException bad) {
                throw new ParameterException(spec.commandLine(), "--users-file: " + bad.getMessage());
            }
        }
        GatewayConfig config = GatewayConfig.of(listen, pgPort).withMaxConnections(maxConnections)
                .withAuthTimeout(Duration.ofMillis(authTimeoutMillis)).withMaxMessageBytes(maxMessageBytes)
                .withUsers(users, method).withLoopbackTrust(loopbackTrust);
        TlsConfig tls = tlsConfig();
        if (tls != null) {
            config = config.withTls(tls, tlsRequired);
        } else if (tlsRequired) {
            throw new ParameterException(spec.commandLine(), "--tls-required needs --tls-cert and --tls-key, or"
                    + " --tls-keystore");
        }
        return config;
    }

    private TlsConfig tlsConfig() {
        if (tlsKeystore != null) {
            if (tlsCertificate != null || tlsKey != null) {
                throw new ParameterException(spec.commandLine(), "give either --tls-keystore or --tls-cert and"
                        + " --tls-key, not both");
            }
            String password = tlsKeystorePassword != null ? tlsKeystorePassword
                    : System.getenv("ROCKSTREAM_TLS_KEYSTORE_PASSWORD");
            if (password == null) {
                throw new ParameterException(spec.commandLine(), "--tls-keystore needs its password: set"
                        + " ROCKSTREAM_TLS_KEYSTORE_PASSWORD or --tls-keystore-password");
            }
            return TlsConfig.pkcs12(tlsKeystore, password);
        }
        if ((tlsCertificate == null) != (tlsKey == null)) {
            throw new ParameterException(spec.commandLine(), "--tls-cert and --tls-key go together");
        }
        return tlsCertificate == null ? null : TlsConfig.pem(tlsCertificate, tlsKey);
    }

    private void printBanner(EngineConfig config, Engine engine, PgGateway gateway, RestServer http) {
        String host = gateway.address().getAddress().getHostAddress();
        int port = gateway.port();
        CommandSupport.printEngineBanner(streams.err(), config, engine);
        streams.err().println("Web UI on " + http.url() + "/ (REST API under /api/v1, Prometheus at /metrics"
                + (http.token().isPresent() ? "; API calls need 'Authorization: Bearer <token>'" : "") + ").");
        streams.err().println("Postgres listening on " + host + ":" + port + ", database rockstream, user rockstream."
                + " Connect with: psql -h " + host + " -p " + port + " -U rockstream rockstream");
        streams.err().println(securityLine());
        streams.err().println("Stop with Ctrl-C or SIGTERM.");
        streams.err().flush();
    }

    /** One line: who gets in how, TLS, and the limits. */
    private String securityLine() {
        String users = usersFile == null ? "no password users"
                : "password users from " + usersFile + " (" + AuthMethod.parse(authMethod).configName() + ")";
        String tls = tlsKeystore != null || tlsCertificate != null
                ? "TLS on" + (tlsRequired ? " (required for non-loopback clients)" : "") : "TLS off";
        return "Authentication: " + (loopbackTrust ? "trust on loopback, " : "") + users + "; " + tls + "; at most "
                + maxConnections + " connections.";
    }

    private void checkPort(String option, int port) {
        CommandSupport.checkPort(spec, option, port);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting (SIGTERM); the hook is waiting for us and returns now
        }
    }
}
