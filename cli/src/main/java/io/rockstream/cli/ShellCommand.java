package io.rockstream.cli;

import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobmanager.Engine;
import io.rockstream.jobmanager.EngineConfig;
import io.rockstream.jobmanager.SqlSession;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rockstream shell}: the embedded engine (one JobManager and one TaskManager in this
 * JVM) with a SQL shell on stdin, without listening on any port ({@code rockstream start}
 * serves the Postgres protocol instead). The port options are accepted and reported for
 * symmetry with {@code start}; state lives in memory, so {@code --storage} is reported but
 * nothing is written there. The engine stops at end of input, {@code \q} or SIGTERM.
 */
@Command(name = "shell", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = {
            "Run the embedded engine with a SQL shell on stdin (psql-like; \\? for help); nothing listens on a port.",
            "In a script (stdin not a terminal) the exit status is 0 when every statement ran and 3 when one failed."})
final class ShellCommand implements Callable<Integer> {
    private final StandardStreams streams;

    @Spec
    private CommandSpec spec;

    /** The shell is for trying things: state stays in memory unless --storage names a place. */
    @Mixin
    private StorageOptions storage;

    @Option(names = "--pg-port", paramLabel = "PORT", defaultValue = "6875",
            description = "Postgres wire protocol port (default: ${DEFAULT-VALUE}). Not listened on by the shell: use start.")
    private int pgPort;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8081",
            description = "REST API and web UI port (default: ${DEFAULT-VALUE}). Not listening yet.")
    private int httpPort;

    @Option(names = "--on-error-stop", description = "Stop at the first failed statement (exit status 3).")
    private boolean onErrorStop;

    ShellCommand(StandardStreams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() {
        checkPort("--pg-port", pgPort);
        checkPort("--http-port", httpPort);
        EngineConfig config;
        Engine engine;
        try {
            config = storage.config(StorageOptions.MEMORY);
            engine = Engine.start(config);
        } catch (RockStreamException failure) {
            return CommandSupport.storageFailed(streams, storage.storage(StorageOptions.MEMORY), failure);
        }
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                engine.close();
            }
        };
        Thread shutdownHook = new Thread(stop, "rockstream-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try (SqlSession session = engine.openSession()) {
            printBanner(config, engine);
            BufferedReader in = new BufferedReader(new InputStreamReader(streams.in(), StandardCharsets.UTF_8));
            return new SqlShell(session, in, streams.out(), streams.err(), streams.interactive(), onErrorStop).run();
        } finally {
            stop.run();
            removeHook(shutdownHook);
        }
    }

    private void printBanner(EngineConfig config, Engine engine) {
        CommandSupport.printEngineBanner(streams.err(), config, engine);
        streams.err().println("Postgres port " + pgPort + " and HTTP port " + httpPort
                + ": not listening (shell mode; `rockstream start` serves Postgres); SQL is read from stdin.");
        if (streams.interactive()) {
            streams.err().println("Type \\? for help, \\q to quit.");
        }
        streams.err().flush();
    }

    private void checkPort(String option, int port) {
        CommandSupport.checkPort(spec, option, port);
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting (SIGTERM); the hook has run or is running
        }
    }
}
