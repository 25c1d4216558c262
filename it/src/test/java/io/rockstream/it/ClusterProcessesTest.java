package io.rockstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JobManager and TaskManager processes on loopback: TaskManagers register their slots
 * over the control channel and heartbeat; one killed with SIGKILL is gone at once (its
 * connection breaks), one paused with SIGSTOP is lost after the heartbeat timeout and
 * registers again when it resumes, and a restarted JobManager gets its TaskManagers back.
 * What the JobManager knows is read from its REST API.
 */
class ClusterProcessesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HEARTBEAT_TIMEOUT_MILLIS = 3_000;

    @TempDir
    Path work;

    private final List<Process> taskManagers = new ArrayList<>();
    private final List<RockStreamProcess> jobManagers = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stopEverything() throws Exception {
        for (Process process : taskManagers) {
            process.destroyForcibly();
            ProcessHandle.of(process.pid()).ifPresent(handle -> signal("CONT", handle.pid()));
        }
        for (RockStreamProcess jobManager : jobManagers) {
            jobManager.close();
        }
    }

    private RockStreamProcess jobManager(int controlPort) throws Exception {
        RockStreamProcess process = RockStreamProcess.start(work.resolve("jobmanager-" + jobManagers.size() + ".log"),
                Map.of(), "--storage=memory", "--control-port=" + controlPort,
                "--heartbeat-timeout-ms=" + HEARTBEAT_TIMEOUT_MILLIS);
        jobManagers.add(process);
        return process;
    }

    private Process taskManager(String id, int slots, int controlPort) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "io.rockstream.cli.Main",
                "taskmanager", "--jobmanager=127.0.0.1:" + controlPort, "--slots=" + slots, "--id=" + id)
                .redirectErrorStream(true).redirectOutput(work.resolve(id + ".log").toFile()).start();
        taskManagers.add(process);
        return process;
    }

    /** The TaskManager processes the JobManager lists: id → (slots, incarnation). */
    private Map<String, String> registered(RockStreamProcess jobManager) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + jobManager.httpPort() + "/api/v1/taskmanagers")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, String> registered = new TreeMap<>();
        for (JsonNode taskManager : JSON.readTree(response.body()).get("taskmanagers")) {
            if (taskManager.has("incarnation")) {
                registered.put(taskManager.get("id").asText(), taskManager.get("slots").asInt() + " slots, "
                        + taskManager.get("incarnation").asText());
            }
        }
        return registered;
    }

    /** Waits up to {@code seconds} for the registered TaskManagers to satisfy {@code condition}; returns them. */
    private Map<String, String> await(RockStreamProcess jobManager, int seconds, String what,
            Predicate<Map<String, String>> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Map<String, String> registered = registered(jobManager);
        while (!condition.test(registered)) {
            assertThat(System.nanoTime()).as("%s within %d s; registered: %s%n%s", what, seconds, registered,
                    jobManager.output()).isLessThan(deadline);
            Thread.sleep(100);
            registered = registered(jobManager);
        }
        return registered;
    }

    private static void signal(String name, long pid) {
        try {
            new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start().waitFor(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("kill -" + name + " " + pid + " failed", e);
        }
    }

    @Test
    void taskManagersRegisterHeartbeatAndAreLostAndComeBack() throws Exception {
        int controlPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            controlPort = socket.getLocalPort();
        }
        RockStreamProcess jobManager = jobManager(controlPort);
        // the banner comes right after the Postgres port accepts connections: give it a moment
        long bannerDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!jobManager.output().contains("TaskManagers connect to") && System.nanoTime() < bannerDeadline) {
            Thread.sleep(20);
        }
        assertThat(jobManager.output()).contains("TaskManagers connect to 127.0.0.1:" + controlPort);
        Process a = taskManager("tm-a", 2, controlPort);
        Process b = taskManager("tm-b", 3, controlPort);
        Map<String, String> both = await(jobManager, 60, "both TaskManagers registered",
                registered -> registered.size() == 2);
        assertThat(both.get("tm-a")).startsWith("2 slots, ");
        assertThat(both.get("tm-b")).startsWith("3 slots, ");
        String incarnationOfA = both.get("tm-a");

        // SIGKILL: the connection breaks, and the JobManager drops it at once (well before the heartbeat timeout)
        b.destroyForcibly();
        assertThat(b.waitFor(30, TimeUnit.SECONDS)).isTrue();
        await(jobManager, 2, "tm-b gone after SIGKILL", registered -> !registered.containsKey("tm-b"));

        // SIGSTOP: the connection stays open but the heartbeats stop; lost after the timeout
        long pausedAt = System.nanoTime();
        signal("STOP", a.pid());
        await(jobManager, 15, "tm-a lost while paused", registered -> !registered.containsKey("tm-a"));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pausedAt))
                .as("not before the heartbeat timeout").isGreaterThanOrEqualTo(HEARTBEAT_TIMEOUT_MILLIS - 500);
        signal("CONT", a.pid());
        Map<String, String> back = await(jobManager, 15, "tm-a registered again after SIGCONT",
                registered -> registered.containsKey("tm-a"));
        assertThat(back.get("tm-a")).as("the same process").isEqualTo(incarnationOfA);

        // the JobManager restarts: its TaskManagers reconnect and register with the new one
        jobManager.kill();
        RockStreamProcess restarted = jobManager(controlPort);
        assertThat(await(restarted, 30, "tm-a registered with the restarted JobManager",
                registered -> registered.containsKey("tm-a")).get("tm-a")).isEqualTo(incarnationOfA);
        assertThat(a.isAlive()).isTrue();
    }
}
