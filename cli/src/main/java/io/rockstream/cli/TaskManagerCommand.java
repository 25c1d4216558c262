package io.rockstream.cli;

import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobmanager.LocalState;
import io.rockstream.jobmanager.durability.Checkpoints;
import io.rockstream.statebackend.HeapStateBackend;
import io.rockstream.statebackend.StateBackendFactory;
import io.rockstream.statebackend.objectstore.ObjectStore;
import io.rockstream.statebackend.rocksdb.RocksDbStateBackend;
import io.rockstream.statebackend.rocksdb.StateCheckpoint;
import io.rockstream.taskmanager.control.StateCheckpoints;
import io.rockstream.taskmanager.control.ControlClient;
import io.rockstream.taskmanager.control.JobPlaneClient;
import io.rockstream.taskmanager.runtime.TaskManager;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code rockstream taskmanager --jobmanager=HOST:PORT --slots=N}: a TaskManager process. It
 * registers its slots with the JobManager, heartbeats, and reconnects when the connection
 * breaks. On a second connection (the job plane) the JobManager deploys view jobs here and
 * feeds them. With {@code --storage} (the JobManager's object store) their state is in RocksDB
 * on local disk and checkpointed to that store at the JobManager's checkpoints, so a job
 * that lost this process is restored elsewhere from the last checkpoint; without it, state
 * is on the heap and the JobManager rebuilds such a job from its inputs.
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

    /** The JobManager's storage: state checkpoints go there (its checkpoint options are the JobManager's). */
    @Mixin
    private StorageOptions storage;

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
        String host = jobManager.substring(0, colon);
        ObjectStore objects;
        try {
            objects = storage.config(StorageOptions.MEMORY).storage().orElse(null);
        } catch (RockStreamException failure) {
            return CommandSupport.storageFailed(streams, storage.storage(StorageOptions.MEMORY), failure);
        }
        LocalState state = objects == null ? null : LocalState.restore(objects, java.util.Optional.empty());
        StateCheckpoints checkpoints = state == null ? null : new StateCheckpoints() {
            @Override
            public java.util.concurrent.CompletableFuture<byte[]> take() {
                return state.store().checkpoint(objects, Checkpoints.STATE_PREFIX).thenApply(StateCheckpoint::toJson);
            }

            @Override
            public void forgetUploads() {
                state.store().forgetUploads();
            }
        };
        try (LocalState closedLast = state;
                TaskManager runtime = state == null ? new TaskManager(slots, HeapStateBackend::new)
                        : new TaskManager(slots, StateBackendFactory.HEAP, RocksDbStateBackend.factory(state.store(), objects));
                ControlClient client = ControlClient.start(host, port, name, slots);
                JobPlaneClient jobPlane = JobPlaneClient.start(host, port, name, client.incarnation(), slots, runtime,
                        checkpoints)) {
            streams.err().println("RockStream " + Version.current() + ": TaskManager " + name + " with " + slots
                    + " slots (incarnation " + client.incarnation() + "), registering with the JobManager at "
                    + jobManager + "; state " + (objects == null ? "on the heap (rebuilt from inputs when this process"
                    + " is lost)" : "in RocksDB, checkpointed to " + objects.location())
                    + ". Stop with Ctrl-C or SIGTERM.");
            streams.err().flush();
            stopRequested.await();
            streams.err().println("TaskManager " + name + " stopping; exchange totals: " + jobPlane.exchangeBytesSent()
                    + " bytes and " + jobPlane.exchangeRowsSent() + " rows sent to other TaskManagers.");
            streams.err().flush();
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
