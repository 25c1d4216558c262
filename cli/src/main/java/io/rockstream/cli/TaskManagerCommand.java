package io.rockstream.cli;

import io.rockstream.taskmanager.control.ControlClient;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code rockstream taskmanager --jobmanager=HOST:PORT --slots=N}: a TaskManager process. It
 * registers its slots with the JobManager, heartbeats, and reconnects when the connection
 * breaks. It runs no subtasks yet: deploying jobs onto TaskManager processes is the next
 * step of the cluster runtime (issue 5).
 */
@Command(name = "taskmanager", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Run a TaskManager process that registers with a JobManager (`rockstream jobmanager`).")
final class TaskManagerCommand implements Callable<Integer> {
    private final StandardStreams streams;
    private final CountDownLatch stopRequested;

    @Spec
    private CommandSpec spec;

    @Option(names = "--jobmanager", paramLabel = "HOST:PORT", required = true,
            description = "The JobManager's control address (`rockstream jobmanager` prints it).")
    private String jobManager;

    @Option(names = "--slots", paramLabel = "N", description = "Slots offered (default: one per core).")
    private int slots = Runtime.getRuntime().availableProcessors();

    @Option(names = "--id", paramLabel = "NAME", description = "The TaskManager's name (default: host-pid).")
    private String id;

    TaskManagerCommand(StandardStreams streams, CountDownLatch stopRequested) {
        this.streams = streams;
        this.stopRequested = stopRequested;
    }

    @Override
    public Integer call() throws InterruptedException {
        int colon = jobManager.lastIndexOf(':');
        int port;
        try {
            port = colon < 1 ? -1 : Integer.parseInt(jobManager.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--jobmanager must be HOST:PORT: " + jobManager);
        }
        if (slots < 1) {
            throw new ParameterException(spec.commandLine(), "--slots must be at least 1: " + slots);
        }
        String name = id != null ? id : hostName() + "-" + ProcessHandle.current().pid();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopRequested.countDown();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "rockstream-taskmanager-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (ControlClient client = ControlClient.start(jobManager.substring(0, colon), port, name, slots)) {
            streams.err().println("RockStream " + Version.current() + ": TaskManager " + name + " with " + slots
                    + " slots (incarnation " + client.incarnation() + "), registering with the JobManager at "
                    + jobManager + ". It runs no subtasks yet. Stop with Ctrl-C or SIGTERM.");
            streams.err().flush();
            stopRequested.await();
        } finally {
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already stopping
            }
        }
        return 0;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "taskmanager";
        }
    }
}
