package io.rockstream.cli;

import io.rockstream.gateway.GatewayConfig;
import io.rockstream.gateway.PgGateway;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobmanager.Engine;
import io.rockstream.jobmanager.EngineConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rockstream start}: the embedded engine (one JobManager and one TaskManager in this
 * JVM) serving the Postgres wire protocol on {@code --listen}:{@code --pg-port} until SIGTERM
 * (or Ctrl-C), then closing the gateway and the engine. A port already in use is refused
 * with exit status 2. The HTTP server is not built yet, so {@code --http-port} is reported
 * but nothing listens on it. State is durable in {@code --storage} ({@code ./data} by
 * default): a restart, even after {@code kill -9}, recovers every acknowledged write. The
 * stdin shell is {@code rockstream shell}.
 */
@Command(name = "start", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = {
            "Start the embedded engine and serve the Postgres protocol (connect with psql or JDBC).",
            "Runs until SIGTERM or Ctrl-C. For a SQL shell on stdin without a server, use `rockstream shell`."})
final class StartCommand implements Callable<Integer> {
    /** Exit status when the port cannot be bound. */
    static final int EXIT_PORT_IN_USE = 2;

    private final StandardStreams streams;
    private final CountDownLatch stopRequested;

    @Spec
    private CommandSpec spec;

    /** Where state is durable unless --storage says otherwise. */
    static final String DEFAULT_STORAGE = "./data";

    @Mixin
    private StorageOptions storage;

    @Option(names = "--listen", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address the Postgres gateway binds (default: ${DEFAULT-VALUE}). Trust authentication"
                    + " applies to loopback clients only; others are refused until passwords are supported.")
    private String listen;

    @Option(names = "--pg-port", paramLabel = "PORT", defaultValue = "6875",
            description = "Postgres wire protocol port (default: ${DEFAULT-VALUE}).")
    private int pgPort;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8081",
            description = "REST API and web UI port (default: ${DEFAULT-VALUE}). Not listening yet.")
    private int httpPort;

    /** {@code stopRequested} is counted down by the JVM's shutdown hook (SIGTERM) or by tests. */
    StartCommand(StandardStreams streams, CountDownLatch stopRequested) {
        this.streams = streams;
        this.stopRequested = stopRequested;
    }

    @Override
    public Integer call() throws InterruptedException {
        checkPort("--pg-port", pgPort);
        checkPort("--http-port", httpPort);
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
            gateway = PgGateway.start(engine, GatewayConfig.of(listen, pgPort));
        } catch (PgGateway.AddressInUseException busy) {
            engine.close();
            streams.err().println("rockstream: cannot listen on " + listen + ":" + pgPort + " for Postgres: "
                    + "the address is in use (is another RockStream or PostgreSQL running?). Stop it or choose"
                    + " another port with --pg-port.");
            streams.err().flush();
            return EXIT_PORT_IN_USE;
        } catch (RuntimeException failure) {
            engine.close();
            throw failure;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdownHook = new Thread(() -> {
            stopRequested.countDown();
            // let call() close everything before the JVM halts
            awaitQuietly(stopped);
        }, "rockstream-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            printBanner(config, engine, gateway);
            stopRequested.await();
            streams.err().println("Shutting down.");
            streams.err().flush();
        } finally {
            gateway.close();
            engine.close();
            stopped.countDown();
            removeHook(shutdownHook);
        }
        return 0;
    }

    private void printBanner(EngineConfig config, Engine engine, PgGateway gateway) {
        String host = gateway.address().getAddress().getHostAddress();
        int port = gateway.port();
        CommandSupport.printEngineBanner(streams.err(), config, engine);
        streams.err().println("HTTP port " + httpPort + ": not listening yet (REST API and web UI in progress).");
        streams.err().println("Postgres listening on " + host + ":" + port + ", database rockstream, user rockstream."
                + " Connect with: psql -h " + host + " -p " + port + " -U rockstream rockstream");
        streams.err().println("Stop with Ctrl-C or SIGTERM.");
        streams.err().flush();
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
