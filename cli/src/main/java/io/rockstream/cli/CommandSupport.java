package io.rockstream.cli;

import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobmanager.Engine;
import io.rockstream.jobmanager.EngineConfig;
import java.io.PrintStream;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** What the commands that run an engine ({@code start}, {@code shell}) share: the banner and option checks. */
final class CommandSupport {
    private CommandSupport() {
    }

    /** The first two banner lines: what runs where, and where state is durable and what was recovered. */
    static void printEngineBanner(PrintStream err, EngineConfig config, Engine engine) {
        err.println("RockStream " + Version.current() + ": embedded JobManager and TaskManager ("
                + config.slots() + " slots) in this JVM, pid " + ProcessHandle.current().pid());
        if (config.storage().isEmpty()) {
            err.println("Storage: memory; nothing is kept after exit (use --storage=PATH to keep it).");
            return;
        }
        Engine.Recovered recovered = engine.recovered();
        err.println("Storage " + engine.storageLocation() + ": recovered in " + recovered.millis() + " ms ("
                + recovered.restoredViews() + " views restored from the last checkpoint, " + recovered.replayedRecords()
                + " log records replayed after it).");
        if (recovered.fallback() != null) {
            err.println("WARNING: " + recovered.fallback());
        }
    }

    /** Exit status when storage cannot be opened or recovered. */
    static final int EXIT_STORAGE_FAILED = 1;

    /** Prints why the engine could not start on its storage, with the SQLSTATE. */
    static int storageFailed(StandardStreams streams, String storage, RockStreamException failure) {
        streams.err().println("rockstream: cannot start on storage " + storage + ": " + failure.getMessage()
                + " (SQLSTATE " + failure.sqlState() + ")");
        streams.err().flush();
        return EXIT_STORAGE_FAILED;
    }

    static void checkPort(CommandSpec spec, String option, int port) {
        if (port < 1 || port > 65535) {
            throw new ParameterException(spec.commandLine(), option + " must be a port between 1 and 65535: " + port);
        }
    }
}
