package io.rockstream.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code rockstream} binary. Subcommands: {@code start} (the embedded engine serving
 * the Postgres protocol), {@code shell} (the embedded engine and a SQL shell on stdin),
 * {@code slt FILE...} (run sqllogictest files), {@code version}.
 */
@Command(name = "rockstream", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "RockStream, a streaming SQL database that keeps materialized views incrementally fresh.")
public final class Main implements Callable<Integer> {
    /** Exit status of a command-line usage error (picocli's convention). */
    static final int EXIT_USAGE = 2;

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        StandardStreams streams = StandardStreams.system();
        int status = run(args, streams);
        streams.out().flush();
        streams.err().flush();
        System.exit(status);
    }

    /** Parses {@code args}, runs the subcommand on the given streams and returns its exit status. */
    static int run(String[] args, StandardStreams streams) {
        CommandLine commandLine = new CommandLine(new Main())
                .addSubcommand(new StartCommand(streams, new CountDownLatch(1)))
                .addSubcommand(new JobManagerCommand(streams, new CountDownLatch(1)))
                .addSubcommand(new TaskManagerCommand(streams, new CountDownLatch(1)))
                .addSubcommand(new ShellCommand(streams))
                .addSubcommand(new SltSubcommand(streams))
                .addSubcommand(new VersionCommand(streams));
        commandLine.setOut(new PrintWriter(streams.out(), true));
        commandLine.setErr(new PrintWriter(streams.err(), true));
        return commandLine.execute(args);
    }

    /** Without a subcommand: the usage, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_USAGE;
    }

    /** {@code rockstream --version}. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"RockStream " + Version.current()};
        }
    }
}
