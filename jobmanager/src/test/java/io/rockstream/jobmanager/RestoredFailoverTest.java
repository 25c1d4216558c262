package io.rockstream.jobmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobmanager.cluster.CheckpointRound;
import io.rockstream.jobmanager.cluster.ClusterJobs;
import io.rockstream.jobmanager.cluster.ControlServer;
import io.rockstream.jobmanager.durability.Checkpoints;
import io.rockstream.statebackend.StateBackendFactory;
import io.rockstream.statebackend.objectstore.LocalObjectStore;
import io.rockstream.statebackend.objectstore.ObjectStore;
import io.rockstream.statebackend.rocksdb.RocksDbStateBackend;
import io.rockstream.statebackend.rocksdb.StateCheckpoint;
import io.rockstream.taskmanager.control.ControlClient;
import io.rockstream.taskmanager.control.JobPlaneClient;
import io.rockstream.taskmanager.control.StateCheckpoints;
import io.rockstream.taskmanager.runtime.TaskManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover from checkpoints: TaskManagers (in this JVM, over real connections on loopback)
 * keep their jobs' state in RocksDB and checkpoint it to the JobManager's object store at
 * the JobManager's checkpoints. A job that lost a TaskManager is restored from the last
 * checkpoint on the TaskManagers left and given the epochs after it, not rebuilt from its
 * inputs; a restarted JobManager restores views that ran on TaskManagers from their
 * checkpoints. After every step each view equals its query recomputed ad hoc.
 */
class RestoredFailoverTest {
    @TempDir
    Path storage;

    private Engine engine;
    private SqlSession session;
    private ControlServer control;
    private final List<Node> taskManagers = new ArrayList<>();
    private int started;

    /** A TaskManager as `rockstream taskmanager --storage=...` runs it. */
    private record Node(String id, LocalState state, TaskManager runtime, ControlClient controlClient,
            JobPlaneClient jobPlane) implements AutoCloseable {
        @Override
        public void close() {
            jobPlane.close();
            controlClient.close();
            runtime.close();
            state.close();
        }
    }

    private Engine startEngine() {
        // a checkpoint every 4 epochs: failovers fall between checkpoints, with epochs to replay
        return Engine.start(EngineConfig.defaults().withStorage(new LocalObjectStore(storage)).withCheckpoints(4, 0, 2));
    }

    @AfterEach
    void stop() {
        taskManagers.forEach(Node::close);
        if (control != null) {
            control.close();
        }
        if (session != null) {
            session.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    private void startTaskManager() {
        startTaskManager("tm-" + started++, (state, objects) -> new StateCheckpoints() {
            @Override
            public CompletableFuture<byte[]> take() {
                return state.store().checkpoint(objects, Checkpoints.STATE_PREFIX).thenApply(StateCheckpoint::toJson);
            }

            @Override
            public void forgetUploads() {
                state.store().forgetUploads();
            }
        });
    }

    /** A TaskManager {@code id} whose store checkpoints as {@code checkpoints} says. */
    private void startTaskManager(String id,
            java.util.function.BiFunction<LocalState, ObjectStore, StateCheckpoints> checkpoints) {
        ObjectStore objects = new LocalObjectStore(storage);
        LocalState state = LocalState.restore(objects, Optional.empty());
        TaskManager runtime = new TaskManager(2, StateBackendFactory.HEAP, RocksDbStateBackend.factory(state.store(), objects));
        ControlClient client = ControlClient.start("127.0.0.1", control.port(), id, 2);
        taskManagers.add(new Node(id, state, runtime, client, JobPlaneClient.start("127.0.0.1", control.port(), id,
                client.incarnation(), 2, runtime, checkpoints.apply(state, objects))));
    }

    /**
     * A checkpoint asked of a TaskManager that never answers (its store's checkpoint hangs)
     * settles at once when the job plane closes (the control port's close, at a JobManager's
     * shutdown), and the shutdown checkpoint after it asks no TaskManager. Found in
     * ClusterBenchmark: a shutdown checkpoint asked while the port's event loops were
     * shutting down waited the whole 120-s timeout.
     */
    @Test
    void aClosedJobPlaneSettlesACheckpointWaitingForATaskManagerAndAsksNoMore() throws Exception {
        engine = startEngine();
        session = engine.openSession();
        control = ClusterTests.controlPort(engine);
        startTaskManager("tm-stuck", (state, objects) -> new StateCheckpoints() {
            @Override
            public CompletableFuture<byte[]> take() {
                return new CompletableFuture<>(); // never taken
            }

            @Override
            public void forgetUploads() {
            }
        });
        await(() -> engine.clusterJobs().placement().size() == 1, "the TaskManager connected");
        ClusterJobs.Capture capture = engine.clusterJobs().checkpoint(engine.visibleEpoch());
        Thread.sleep(300);
        assertThat(capture.done()).as("the TaskManager has not answered").isNotDone();
        assertThat(capture.round().waiting()).containsExactly("tm-stuck");

        engine.clusterJobs().jobPlaneClosed(); // the TaskManager is still connected: only this settles it
        CheckpointRound round = capture.done().get(5, TimeUnit.SECONDS);
        assertThat(round.complete()).isTrue();
        assertThat(round.answers()).as("settled as silence").isEmpty();
        ClusterJobs.Capture after = engine.clusterJobs().checkpoint(engine.visibleEpoch());
        assertThat(after.done()).as("asks no TaskManager").isDone();
        assertThat(after.done().join().answers()).isEmpty();
    }

    private void startCluster(int count) throws Exception {
        engine = startEngine();
        session = engine.openSession();
        control = ClusterTests.controlPort(engine);
        for (int i = 0; i < count; i++) {
            startTaskManager();
        }
        await(() -> engine.clusterJobs().placement().size() == count, "TaskManagers connected");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        ClusterTests.await(condition, what, 30);
    }

    private static final Map<String, String> VIEWS = ClusterTests.VIEWS;

    private void createSchema() {
        ClusterTests.createSchema(session, "WITH (parallelism = 4) ");
    }

    private void assertViewsMatchTheirQueries(SqlSession on) {
        VIEWS.forEach((view, query) -> assertThat(InMemoryEngineTest.rows(on, "SELECT * FROM " + view + " ORDER BY 1"))
                .as("view %s against its query", view).isEqualTo(InMemoryEngineTest.rows(on, query + " ORDER BY 1")));
    }

    private final int[] nextId = {10_000};

    private void writeSome(Random random, int statements) {
        ClusterTests.writeSome(session, random, statements, nextId);
    }

    private Optional<String> host(String view) {
        return engine.clusterJobs().host(JobId.of(view));
    }

    /** After the JobManager stopped: its TaskManagers stop too, and a new one starts on the same storage. */
    private void startAgainWithoutTaskManagers() {
        taskManagers.forEach(Node::close);
        taskManagers.clear();
        engine = startEngine();
        session = engine.openSession();
    }

    private Node node(String id) {
        return taskManagers.stream().filter(tm -> tm.id().equals(id)).findFirst().orElseThrow();
    }


    /**
     * A view moved while a checkpoint uploads waits for that upload away from the coordinator
     * thread: epochs, and the writes in them, go on meanwhile. (The move's checkpoint used to
     * wait for it on that thread, stopping every epoch for as long as the upload took.) Here
     * the upload hangs at its manifest until the test lets it go.
     */
    @Test
    void aMoveWaitingForACheckpointUploadStallsNoEpoch() throws Exception {
        GatedStore gated = startClusterCheckpointingTo(2);
        whileACheckpointUploads(gated, () -> {
            startTaskManager(); // tm-2: rebalancing moves a view to it, after a checkpoint of its own
            await(() -> engine.clusterJobs().placement().size() == 3, "tm-2 connected");
            Thread.sleep(500); // the move waits for the upload by now
            writeElsewhere();
            assertThat(engine.coordinator().moves()).as("the move still waits for the upload").isZero();
        });
        await(() -> engine.coordinator().moves() > 0, "a view moved");
        assertViewsMatchTheirQueries(session);
        writeSome(new Random(10), 5);
        assertViewsMatchTheirQueries(session);
    }

    /** The same for a rescale: `ALTER ... SET (parallelism = n)` checkpoints first. */
    @Test
    void aRescaleWaitingForACheckpointUploadStallsNoEpoch() throws Exception {
        GatedStore gated = startClusterCheckpointingTo(2);
        List<CompletableFuture<Void>> rescale = new ArrayList<>();
        whileACheckpointUploads(gated, () -> {
            rescale.add(CompletableFuture.runAsync(() -> {
                try (SqlSession other = engine.openSession()) {
                    other.execute("ALTER MATERIALIZED VIEW by_region SET (parallelism = 3)");
                }
            }));
            Thread.sleep(500); // the rescale waits for the upload by now
            writeElsewhere();
            assertThat(rescale.get(0)).as("the rescale still waits for the upload").isNotDone();
        });
        rescale.get(0).get(60, TimeUnit.SECONDS);
        assertThat(engine.rescalesFromCheckpoints()).as("key groups redistributed").isEqualTo(1);
        assertViewsMatchTheirQueries(session);
        writeSome(new Random(10), 5);
        assertViewsMatchTheirQueries(session);
    }

    /**
     * A JobManager checkpointing every 4 epochs to a store that can hold them, and
     * {@code count} TaskManagers; the views are created, written and in a checkpoint.
     */
    private GatedStore startClusterCheckpointingTo(int count) throws Exception {
        GatedStore gated = new GatedStore(new LocalObjectStore(storage));
        engine = Engine.start(EngineConfig.defaults().withStorage(gated).withCheckpoints(4, 0, 2));
        session = engine.openSession();
        control = ClusterTests.controlPort(engine);
        for (int i = 0; i < count; i++) {
            startTaskManager();
        }
        await(() -> engine.clusterJobs().placement().size() == count, "TaskManagers connected");
        createSchema();
        writeSome(new Random(8), 10);
        engine.checkpoint(); // the views are in a checkpoint: they can move, and rescale from it
        return gated;
    }

    /** Runs {@code during} while a periodic checkpoint hangs at its manifest; lets it go after. */
    private void whileACheckpointUploads(GatedStore gated, Step during) throws Exception {
        gated.hold();
        try {
            writeSome(new Random(9), 6); // a periodic checkpoint starts, and hangs
            await(() -> gated.waiting() > 0, "a checkpoint uploading");
            during.run();
        } finally {
            gated.release();
        }
    }

    /** Something a test does that may throw. */
    private interface Step {
        void run() throws Exception;
    }

    /** A few writes from another session, which must be acknowledged within 20 s: epochs go on. */
    private void writeElsewhere() throws Exception {
        CompletableFuture.runAsync(() -> {
            try (SqlSession other = engine.openSession()) {
                ClusterTests.writeSome(other, new Random(11), 3, new int[] {50_000});
            }
        }).get(20, TimeUnit.SECONDS);
    }

    /** An object store whose checkpoint manifests wait while it is held. */
    private static final class GatedStore extends DelegatingObjectStore {
        private volatile java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(0);
        private final AtomicInteger waiting = new AtomicInteger();

        GatedStore(ObjectStore target) {
            super(target);
        }

        void hold() {
            gate = new java.util.concurrent.CountDownLatch(1);
        }

        void release() {
            gate.countDown();
        }

        int waiting() {
            return waiting.get();
        }

        private void pass(String key) {
            if (key.startsWith("checkpoints/")) {
                waiting.incrementAndGet();
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    waiting.decrementAndGet();
                }
            }
        }

        @Override
        public void put(String key, byte[] data) {
            pass(key);
            super.put(key, data);
        }

        @Override
        public void putFile(String key, Path file) {
            pass(key);
            super.putFile(key, file);
        }

        @Override
        public boolean putIfAbsent(String key, byte[] data) {
            pass(key);
            return super.putIfAbsent(key, data);
        }
    }

    @Test
    void aLostTaskManagersViewsAreRestoredFromTheLastCheckpointAndGivenTheEpochsAfterIt() throws Exception {
        startCluster(3);
        createSchema();
        assertThat(host("by_region").orElseThrow().split(",")).as("spread").hasSizeGreaterThan(1);
        Random random = new Random(3);
        writeSome(random, 10);
        engine.checkpoint();
        writeSome(random, 7); // epochs after the checkpoint: replayed after the restore

        String lost = host("by_region").orElseThrow().split(",")[0];
        long affected = VIEWS.keySet().stream().filter(view -> List.of(host(view).orElseThrow().split(","))
                .contains(lost)).count();
        Node victim = node(lost);
        victim.close();
        taskManagers.remove(victim);
        await(() -> engine.coordinator().relocations() >= affected && !host("by_region").orElse(lost).contains(lost),
                "by_region placed again");
        // the loss is reported by the job plane and by each peer whose exchange with it broke: each view moves once
        Thread.sleep(500);
        assertThat(engine.coordinator().relocations()).as("views placed again, once each").isEqualTo(affected);
        assertThat(engine.coordinator().restores()).as("views restored from the checkpoint, not rebuilt")
                .isEqualTo(engine.coordinator().relocations());
        assertViewsMatchTheirQueries(session);
        writeSome(random, 20);
        assertViewsMatchTheirQueries(session);
    }

    @Test
    void aTaskManagerThatJoinsTakesViewsRestoredFromACheckpointUnderWrites() throws Exception {
        startCluster(2);
        createSchema();
        writeSome(new Random(5), 10);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger writes = new AtomicInteger();
        List<CompletableFuture<Void>> writers = ClusterTests.writers(engine, writing, writes);
        Thread.sleep(300);
        startTaskManager(); // tm-2: runs nothing yet
        await(() -> VIEWS.keySet().stream().anyMatch(view -> host(view).orElse("").contains("tm-2")),
                "a view moved to the TaskManager that joined");
        Thread.sleep(300);
        writing.set(false);
        for (CompletableFuture<Void> writer : writers) {
            writer.get(60, TimeUnit.SECONDS); // no write failed while views moved
        }
        assertThat(engine.coordinator().moves()).as("views moved").isPositive();
        assertThat(engine.coordinator().relocations()).as("nothing was lost").isZero();
        Map<String, List<io.rockstream.jobgraph.graph.JobId>> jobs = engine.clusterJobs().placement();
        assertThat(jobs.get("tm-2")).as("jobs on the one that joined: %s", jobs).isNotEmpty();
        assertViewsMatchTheirQueries(session);
        writeSome(new Random(6), 10);
        assertViewsMatchTheirQueries(session);
    }

    @Test
    void taskManagersLostUnderContinuousWritesAreRestoredAndLoseAndDuplicateNothing() throws Exception {
        startCluster(3);
        createSchema();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger writes = new AtomicInteger();
        List<CompletableFuture<Void>> writers = ClusterTests.writers(engine, writing, writes);
        Random chaos = new Random(17);
        for (int round = 0; round < 6; round++) {
            // time for a few checkpoints between losses (every 4 epochs): most placements restore
            Thread.sleep(600 + chaos.nextInt(400));
            String view = chaos.nextBoolean() ? "by_region" : "biggest";
            Optional<String> where = host(view);
            // a TaskManager of the view's that is still up (one closed in the last round may not be known lost yet)
            List<Node> running = taskManagers.stream()
                    .filter(tm -> List.of(where.orElse("").split(",")).contains(tm.id())).toList();
            if (!running.isEmpty()) {
                Node victim = running.get(chaos.nextInt(running.size()));
                victim.close();
                taskManagers.remove(victim);
            }
            startTaskManager();
        }
        Thread.sleep(300);
        writing.set(false);
        for (CompletableFuture<Void> writer : writers) {
            writer.get(60, TimeUnit.SECONDS); // no write failed while TaskManagers were lost
        }
        await(() -> VIEWS.keySet().stream().allMatch(view -> host(view).isPresent()), "views placed");
        // each placement waits for a download and a RocksDB open (0.2 to 0.6 s here), and a lost TaskManager's peers
        // lose their exchange with it too: under a loss every second, few writes get through, but they do
        assertThat(writes.get()).as("writes acknowledged").isGreaterThan(5);
        assertThat(engine.coordinator().relocations()).as("views placed again").isGreaterThanOrEqualTo(3);
        assertThat(engine.coordinator().restores()).as("placements restored from checkpoints").isPositive();
        assertViewsMatchTheirQueries(session);
    }

    @Test
    void aRescaleUnderWritesRedistributesKeyGroupsFromACheckpoint() throws Exception {
        startCluster(3);
        createSchema();
        Random random = new Random(21);
        writeSome(random, 15);
        long rescaled = 0;
        for (int parallelism : new int[] {6, 1, 3}) {
            AtomicBoolean writing = new AtomicBoolean(true);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try (SqlSession other = engine.openSession()) {
                    Random writes = new Random(parallelism);
                    int id = 200_000 + parallelism * 10_000;
                    while (writing.get()) {
                        other.execute("INSERT INTO orders VALUES (" + (id++) + ", " + (writes.nextInt(45) + 1) + ", "
                                + writes.nextInt(100) + ")");
                    }
                }
            });
            Thread.sleep(100);
            session.execute("ALTER MATERIALIZED VIEW by_region SET (parallelism = " + parallelism + ")");
            writing.set(false);
            writer.get(60, TimeUnit.SECONDS);
            assertThat(engine.rescalesFromCheckpoints()).as("key groups redistributed, not rebuilt (to %d)", parallelism)
                    .isEqualTo(++rescaled);
            int widest = engine.catalog().entry("by_region").orElseThrow().job().slots();
            assertThat(widest).isEqualTo(parallelism);
            assertViewsMatchTheirQueries(session);
            writeSome(random, 10);
            assertViewsMatchTheirQueries(session);
        }
    }

    @Test
    void stateNotKeptByKeyGroupIsNotRedistributed() throws Exception {
        startCluster(1);
        createSchema();
        io.rockstream.jobgraph.graph.JobGraph graph = engine.catalog().entry("by_region").orElseThrow().job();
        session.execute("ALTER MATERIALIZED VIEW by_region SET (parallelism = 6)");
        io.rockstream.jobgraph.graph.JobGraph wider = engine.catalog().entry("by_region").orElseThrow().job();
        assertThat(io.rockstream.jobmanager.epoch.EpochCoordinator.rescaledFrom(graph, wider)).as("hash-partitioned")
                .isNotNull();
        // the same graph with its hash edges made broadcast: the join's state would be replicated, not keyed
        List<io.rockstream.jobgraph.graph.JobEdge> broadcast = wider.edges().stream()
                .map(edge -> edge.partitioning() instanceof io.rockstream.jobgraph.graph.Partitioning.Hash
                        ? new io.rockstream.jobgraph.graph.JobEdge(edge.source(), edge.target(), edge.targetInput(),
                                new io.rockstream.jobgraph.graph.Partitioning.Broadcast())
                        : edge).toList();
        io.rockstream.jobgraph.graph.JobGraph replicated = new io.rockstream.jobgraph.graph.JobGraph(wider.formatVersion(),
                wider.id(), wider.maxParallelism(), wider.vertices(), broadcast);
        assertThat(io.rockstream.jobmanager.epoch.EpochCoordinator.rescaledFrom(graph, replicated)).isNull();
        assertThat(io.rockstream.jobmanager.epoch.EpochCoordinator.rescaledFrom(graph,
                engine.catalog().entry("biggest").orElseThrow().job())).as("another query").isNull();
    }

    @Test
    void aRestartedJobManagerRestoresTheViewsThatRanOnTaskManagersFromTheirCheckpoints() throws Exception {
        startCluster(2);
        createSchema();
        Random random = new Random(9);
        writeSome(random, 12);
        engine.checkpoint();
        writeSome(random, 5); // in the log only: replayed after the restart
        assertThat(host("biggest")).as("on the TaskManagers").isPresent();
        session.close();
        session = null;
        // a periodic checkpoint still uploading would complete after the halt, without the TaskManagers (in this JVM
        // only: a killed process writes nothing more); let it end first
        engine.awaitCheckpoint();
        engine.halt(); // as if killed: no shutdown checkpoint
        startAgainWithoutTaskManagers();
        assertThat(engine.recovered().restoredViews()).as("views restored from the TaskManagers' checkpoints")
                .isEqualTo(VIEWS.size());
        assertViewsMatchTheirQueries(session);
        writeSome(random, 20);
        assertViewsMatchTheirQueries(session);
    }

    /**
     * A JobManager shut down cleanly (as `rockstream jobmanager` on SIGTERM) takes its last
     * checkpoint with its TaskManagers still connected, then closes their port: the next
     * start restores every view from it, with nothing to replay. (The port used to close
     * first; that checkpoint then held none of the TaskManagers' views, and all of them were
     * rebuilt from their inputs at the restart.)
     */
    @Test
    void aJobManagerShutDownCleanlyRestoresEveryViewAtItsRestart() throws Exception {
        startCluster(2);
        engine.attachControlPort(control);
        createSchema();
        Random random = new Random(9);
        writeSome(random, 13); // the last ones after the last periodic checkpoint
        assertThat(host("biggest")).as("on the TaskManagers").isPresent();
        session.close();
        session = null;
        engine.close(); // its control port with it
        control = null;
        startAgainWithoutTaskManagers();
        assertThat(engine.recovered().restoredViews()).as("views restored from the shutdown checkpoint")
                .isEqualTo(VIEWS.size());
        assertThat(engine.recovered().replayedRecords()).as("the shutdown checkpoint holds every epoch").isZero();
        assertViewsMatchTheirQueries(session);
        writeSome(random, 10);
        assertViewsMatchTheirQueries(session);
    }

    @Test
    void aTaskManagerCheckpointWhoseFilesAreGoneIsRebuiltFromTheInputsAtTheRestart() throws Exception {
        startCluster(2);
        createSchema();
        Random random = new Random(4);
        writeSome(random, 12);
        engine.checkpoint();
        writeSome(random, 5);
        session.close();
        session = null;
        engine.awaitCheckpoint();
        engine.halt();
        engine = null;
        taskManagers.forEach(Node::close);
        taskManagers.clear();
        // the TaskManagers' state files vanish (an operator's mistake, a bucket policy): only theirs
        Path newest;
        try (var folders = java.nio.file.Files.list(storage.resolve("checkpoints"))) {
            newest = folders.filter(folder -> java.nio.file.Files.exists(folder.resolve("stores.json")))
                    .max(java.util.Comparator.naturalOrder()).orElseThrow();
        }
        var stores = new com.fasterxml.jackson.databind.ObjectMapper().readTree(newest.resolve("stores.json").toFile())
                .get("stores");
        int deleted = 0;
        for (var names = stores.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!name.isEmpty()) {
                for (var file : stores.get(name).get("files")) {
                    deleted += java.nio.file.Files.deleteIfExists(storage.resolve(file.get("objectKey").asText())) ? 1 : 0;
                }
            }
        }
        assertThat(deleted).as("TaskManager state files deleted").isPositive();

        engine = startEngine();
        session = engine.openSession();
        assertThat(engine.recovered().restoredViews()).as("nothing to restore them from: rebuilt").isZero();
        assertViewsMatchTheirQueries(session);
        writeSome(random, 10);
        assertViewsMatchTheirQueries(session);
    }
}
