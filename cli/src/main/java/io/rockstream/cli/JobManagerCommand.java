package io.rockstream.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code rockstream jobmanager}: {@code rockstream start} that also listens for TaskManager
 * processes, on port 6123 unless {@code --control-port} says otherwise. Every other flag is
 * {@code start}'s.
 */
@Command(name = "jobmanager", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Run the JobManager (as `start`, with its TaskManager in this JVM) and accept TaskManager"
                + " processes on --control-port (default 6123). Takes every flag of `start`.")
final class JobManagerCommand implements Callable<Integer> {
    static final int DEFAULT_CONTROL_PORT = 6123;

    private final StandardStreams streams;
    private final CountDownLatch stopRequested;

    @Unmatched
    private List<String> arguments = new ArrayList<>();

    JobManagerCommand(StandardStreams streams, CountDownLatch stopRequested) {
        this.streams = streams;
        this.stopRequested = stopRequested;
    }

    @Override
    public Integer call() {
        List<String> startArguments = new ArrayList<>(arguments);
        if (startArguments.stream().noneMatch(argument -> argument.startsWith("--control-port"))) {
            startArguments.add("--control-port=" + DEFAULT_CONTROL_PORT);
        }
        CommandLine start = new CommandLine(new StartCommand(streams, stopRequested));
        start.setOut(new java.io.PrintWriter(streams.out(), true));
        start.setErr(new java.io.PrintWriter(streams.err(), true));
        return start.execute(startArguments.toArray(String[]::new));
    }
}
