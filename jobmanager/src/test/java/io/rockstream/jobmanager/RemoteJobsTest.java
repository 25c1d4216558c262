package io.rockstream.jobmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobmanager.cluster.ControlServer;
import io.rockstream.statebackend.HeapStateBackend;
import io.rockstream.taskmanager.control.ControlClient;
import io.rockstream.taskmanager.control.JobPlaneClient;
import io.rockstream.taskmanager.runtime.TaskManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * View jobs on TaskManagers reached over the job plane (real Netty connections on loopback,
 * TaskManagers in this JVM): they are placed there, fed there and answer from there; when a
 * TaskManager is lost its views are rebuilt on another one (and finally in the JobManager's
 * own TaskManager), and after every step each view equals its query recomputed ad hoc.
 */
class RemoteJobsTest extends InMemoryEngineTest {
    private ControlServer control;
    private final List<RemoteTaskManager> taskManagers = new ArrayList<>();

    /** A TaskManager with its control and job-plane connections, as `rockstream taskmanager` runs it. */
    private record RemoteTaskManager(String id, TaskManager runtime, ControlClient controlClient,
            JobPlaneClient jobPlane) implements AutoCloseable {
        @Override
        public void close() {
            jobPlane.close();
            controlClient.close();
            runtime.close();
        }
    }

    @AfterEach
    void stopCluster() {
        taskManagers.forEach(RemoteTaskManager::close);
        if (control != null) {
            control.close();
        }
    }

    private int started;

    private void startTaskManager() {
        String id = "tm-" + started++;
        TaskManager runtime = new TaskManager(2, HeapStateBackend::new);
        ControlClient client = ControlClient.start("127.0.0.1", control.port(), id, 2);
        taskManagers.add(new RemoteTaskManager(id, runtime, client,
                JobPlaneClient.start("127.0.0.1", control.port(), id, client.incarnation(), 2, runtime)));
    }

    private void startCluster(int taskManagerCount) throws Exception {
        control = ClusterTests.controlPort(engine);
        for (int i = 0; i < taskManagerCount; i++) {
            startTaskManager();
        }
        await(() -> engine.clusterJobs().placement().size() == taskManagerCount, "TaskManagers connected");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        ClusterTests.await(condition, what, 20);
    }

    private static final Map<String, String> VIEWS = ClusterTests.VIEWS;

    private void createSchema() {
        ClusterTests.createSchema(session, "");
    }

    private void assertViewsMatchTheirQueries() {
        VIEWS.forEach((view, query) -> assertThat(rows("SELECT * FROM " + view + " ORDER BY 1"))
                .as("view %s against its query", view).isEqualTo(rows(query + " ORDER BY 1")));
    }

    private void writeSome(Random random, int statements) {
        ClusterTests.writeSome(session, random, statements, nextId);
    }

    private final int[] nextId = {10_000};

    private Optional<String> host(String view) {
        return engine.clusterJobs().host(JobId.of(view));
    }

    @Test
    void viewsRunOnTaskManagerProcessesAndMoveWhenOneIsLost() throws Exception {
        startCluster(2);
        createSchema();
        assertThat(host("by_region")).as("subtasks spread over both TaskManagers").contains("tm-0,tm-1");
        assertThat(host("biggest")).as("subtasks spread over both TaskManagers").contains("tm-0,tm-1");
        assertViewsMatchTheirQueries();

        Random random = new Random(7);
        writeSome(random, 60);
        assertViewsMatchTheirQueries();

        String lost = host("by_region").orElseThrow().split(",")[1];
        RemoteTaskManager victim = taskManagers.stream().filter(tm -> tm.id().equals(lost)).findFirst().orElseThrow();
        victim.close();
        taskManagers.remove(victim);
        writeSome(random, 60);
        await(() -> engine.coordinator().relocations() >= 2, "both views placed again");
        assertThat(host("by_region")).as("moved to the TaskManager left").contains("tm-0");
        assertThat(host("biggest")).as("moved to the TaskManager left").contains("tm-0");
        assertViewsMatchTheirQueries();

        // the last TaskManager goes too: the views come home to the JobManager's own TaskManager
        taskManagers.remove(0).close();
        writeSome(random, 60);
        await(() -> host("by_region").isEmpty() && host("biggest").isEmpty(), "views back in the JobManager");
        assertViewsMatchTheirQueries();
    }

    @Test
    void taskManagersLostUnderContinuousWritesLoseAndDuplicateNothing() throws Exception {
        startCluster(3);
        createSchema();
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
        List<java.util.concurrent.CompletableFuture<Void>> writers = ClusterTests.writers(engine, writing, writes);
        Random chaos = new Random(11);
        for (int round = 0; round < 10; round++) {
            Thread.sleep(100 + chaos.nextInt(250));
            String view = chaos.nextBoolean() ? "by_region" : "biggest";
            Optional<String> where = host(view);
            if (where.isPresent()) {
                String[] ids = where.get().split(",");
                String victimId = ids[chaos.nextInt(ids.length)];
                RemoteTaskManager victim = taskManagers.stream().filter(tm -> tm.id().equals(victimId)).findFirst()
                        .orElseThrow();
                victim.close();
                taskManagers.remove(victim);
            }
            startTaskManager();
        }
        Thread.sleep(300);
        writing.set(false);
        for (java.util.concurrent.CompletableFuture<Void> writer : writers) {
            try {
                writer.get(60, java.util.concurrent.TimeUnit.SECONDS); // no write failed while TaskManagers were lost
            } catch (java.util.concurrent.TimeoutException stuck) {
                StringBuilder dump = new StringBuilder("THREADS\n");
                Thread.getAllStackTraces().forEach((thread, stack) -> {
                    dump.append(thread.getName()).append('\n');
                    for (StackTraceElement frame : stack) {
                        dump.append("    ").append(frame).append('\n');
                    }
                });
                System.out.println(dump);
                throw stuck;
            }
        }
        assertThat(writes.get()).as("writes acknowledged").isGreaterThan(100);
        assertThat(engine.coordinator().relocations()).as("views placed again").isGreaterThanOrEqualTo(3);
        assertViewsMatchTheirQueries();
    }

    @Test
    void aViewRescaledWhileWritesGoOnKeepsItsContentsAndSpreadsItsNewSubtasks() throws Exception {
        startCluster(3);
        createSchema();
        Random random = new Random(5);
        writeSome(random, 30);
        for (int parallelism : new int[] {6, 1, 3}) {
            java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
            java.util.concurrent.CompletableFuture<Void> writer = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try (SqlSession other = engine.openSession()) {
                    Random writes = new Random(parallelism);
                    while (writing.get()) {
                        other.execute("INSERT INTO orders VALUES (" + (200_000 + parallelism * 10_000 + writes.nextInt(9_999))
                                + ", " + (writes.nextInt(45) + 1) + ", " + writes.nextInt(100) + ")");
                    }
                } catch (io.rockstream.jobgraph.error.RockStreamException duplicate) {
                    if (!duplicate.code().sqlState().equals("23505")) {
                        throw duplicate;
                    }
                }
            });
            session.execute("ALTER MATERIALIZED VIEW by_region SET (parallelism = " + parallelism + ")");
            writing.set(false);
            writer.get(60, java.util.concurrent.TimeUnit.SECONDS);
            int widest = engine.catalog().entry("by_region").orElseThrow().job().slots();
            assertThat(widest).as("the view's job at its new parallelism").isEqualTo(parallelism);
            String[] running = host("by_region").orElseThrow().split(",");
            if (parallelism == 1) {
                assertThat(running).as("one slot, one TaskManager").hasSize(1);
            } else {
                assertThat(running).as("TaskManagers running it at parallelism %d", parallelism).hasSizeGreaterThan(1);
            }
            writeSome(random, 20);
            assertViewsMatchTheirQueries();
        }
    }
}
