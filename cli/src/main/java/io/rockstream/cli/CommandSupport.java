package io.rockstream.cli;

import io.rockstream.jobmanager.EngineConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** What the commands that run an engine ({@code start}, {@code shell}) share: the banner and option checks. */
final class CommandSupport {
    private CommandSupport() {
    }

    /** The first two banner lines: what runs where, and where state would be stored. */
    static void printEngineBanner(PrintStream err, EngineConfig config, String storage) {
        err.println("RockStream " + Version.current() + ": embedded JobManager and TaskManager ("
                + config.slots() + " slots) in this JVM, pid " + ProcessHandle.current().pid());
        err.println("Storage " + describeStorage(storage) + ": not used yet; state is kept in memory and is lost"
                + " on exit (durable storage is in progress).");
    }

    static String describeStorage(String storage) {
        if (storage.contains("://")) {
            return storage;
        }
        return Path.of(storage).toAbsolutePath().normalize().toString();
    }

    static void checkPort(CommandSpec spec, String option, int port) {
        if (port < 1 || port > 65535) {
            throw new ParameterException(spec.commandLine(), option + " must be a port between 1 and 65535: " + port);
        }
    }
}
