package io.rockstream.jobmanager.http;

import io.rockstream.jobmanager.Engine;
import io.rockstream.jobmanager.durability.Durability;
import io.rockstream.jobmanager.monitor.Monitor;
import io.rockstream.taskmanager.runtime.TaskManagerGateway;
import java.util.List;
import java.util.Locale;

/** The engine's metrics in Prometheus' text exposition format (version 0.0.4). */
final class PrometheusText {
    private final Engine engine;
    /** Each family's lines: HELP, TYPE, then its samples (the format wants a family's lines together). */
    private final java.util.Map<String, StringBuilder> families = new java.util.LinkedHashMap<>();

    PrometheusText(Engine engine) {
        this.engine = engine;
    }

    String render() {
        family("rockstream_epoch", "gauge", "The last complete epoch (what reads see).");
        sample("rockstream_epoch", "", engine.visibleEpoch());
        family("rockstream_storage_failed", "gauge", "1 when storage failed and writes are stopped.");
        sample("rockstream_storage_failed", "", engine.storageFailure() == null ? 0 : 1);

        List<Monitor.Job> jobs = engine.monitor().jobs();
        family("rockstream_jobs", "gauge", "Jobs by kind (view, query) and status.");
        for (String kind : List.of("view", "query")) {
            for (String status : List.of("RUNNING", "FAILED")) {
                long count = jobs.stream().filter(j -> j.kind().equals(kind) && j.status().equals(status)).count();
                sample("rockstream_jobs", labels("kind", kind, "status", status), count);
            }
        }
        family("rockstream_vertex_rows_in_total", "counter", "Rows a job vertex consumed since it was deployed.");
        family("rockstream_vertex_rows_out_total", "counter", "Rows a job vertex produced since it was deployed.");
        family("rockstream_vertex_busy_ratio", "gauge", "Fraction of time a vertex's subtasks were processing (last 10 s).");
        family("rockstream_vertex_back_pressure", "gauge", "The highest busy ratio among the vertices a vertex sends to.");
        family("rockstream_vertex_queued_messages", "gauge", "Messages waiting in a vertex's input mailboxes.");
        family("rockstream_vertex_state_bytes", "gauge", "Approximate size of a vertex's keyed state.");
        for (Monitor.Job job : jobs) {
            for (Monitor.VertexMetrics vertex : engine.monitor().metrics(job)) {
                String labels = labels("job", job.id(), "vertex", String.valueOf(vertex.vertex().id().value()),
                        "operator", vertex.vertex().name());
                Monitor.Metrics m = vertex.metrics();
                sample("rockstream_vertex_rows_in_total", labels, m.rowsIn());
                sample("rockstream_vertex_rows_out_total", labels, m.rowsOut());
                sample("rockstream_vertex_busy_ratio", labels, m.busyRatio());
                sample("rockstream_vertex_back_pressure", labels, m.backPressure());
                sample("rockstream_vertex_queued_messages", labels, m.queuedMessages());
                if (m.stateBytes() >= 0) {
                    sample("rockstream_vertex_state_bytes", labels, m.stateBytes());
                }
            }
        }

        family("rockstream_view_lag_seconds", "gauge", "Age of the oldest write a view does not show yet (0 when current).");
        family("rockstream_view_freshness_target_seconds", "gauge", "A view's freshness target.");
        family("rockstream_view_slo_compliance", "gauge", "Fraction of the last 300 s in which the view met its target.");
        family("rockstream_view_healthy", "gauge", "1 when the view is healthy, 0 when degraded.");
        for (Monitor.ViewHealth view : engine.monitor().views(engine.storageFailure())) {
            String labels = labels("view", view.name());
            sample("rockstream_view_lag_seconds", labels, view.lagMillis() / 1000.0);
            if (view.targetMillis() != null) {
                sample("rockstream_view_freshness_target_seconds", labels, view.targetMillis() / 1000.0);
                sample("rockstream_view_slo_compliance", labels, view.sloCompliance());
            }
            sample("rockstream_view_healthy", labels, view.healthy() ? 1 : 0);
        }

        List<Durability.CheckpointRecord> checkpoints = engine.checkpointHistory();
        family("rockstream_checkpoints", "gauge", "Checkpoints this process took, by status (the last 100).");
        for (String status : List.of("COMPLETED", "FAILED", "IN_PROGRESS")) {
            sample("rockstream_checkpoints", labels("status", status),
                    checkpoints.stream().filter(c -> c.status().equals(status)).count());
        }
        checkpoints.stream().filter(c -> c.status().equals("COMPLETED")).findFirst().ifPresent(last -> {
            family("rockstream_last_checkpoint_duration_seconds", "gauge", "Duration of the last complete checkpoint.");
            sample("rockstream_last_checkpoint_duration_seconds", "", last.millis() / 1000.0);
            family("rockstream_last_checkpoint_uploaded_bytes", "gauge", "State bytes the last checkpoint uploaded.");
            sample("rockstream_last_checkpoint_uploaded_bytes", "", last.stateUploadedBytes());
        });

        family("rockstream_view_placements_total", "counter",
                "Views placed again after a TaskManager was lost, by how: restored from a checkpoint or rebuilt.");
        sample("rockstream_view_placements_total", labels("how", "restored"), engine.restores());
        sample("rockstream_view_placements_total", labels("how", "rebuilt"), engine.relocations() - engine.restores());
        family("rockstream_view_rescales_redistributed_total", "counter",
                "Rescales that redistributed a view's key groups from a checkpoint.");
        sample("rockstream_view_rescales_redistributed_total", "", engine.rescalesFromCheckpoints());
        family("rockstream_view_moves_total", "counter",
                "Views moved to even the TaskManagers' load out (one joined), restored from a checkpoint.");
        sample("rockstream_view_moves_total", "", engine.viewMoves());

        TaskManagerGateway.TaskManagerStatus taskManager = engine.taskManagerStatus();
        family("rockstream_taskmanager_slots", "gauge", "Slots of a TaskManager.");
        sample("rockstream_taskmanager_slots", labels("taskmanager", taskManager.id()), taskManager.slots());
        family("rockstream_taskmanager_slots_busy", "gauge", "Slots running a subtask now.");
        sample("rockstream_taskmanager_slots_busy", labels("taskmanager", taskManager.id()), taskManager.busySlots());
        Runtime runtime = Runtime.getRuntime();
        family("rockstream_jvm_heap_used_bytes", "gauge", "Heap in use.");
        sample("rockstream_jvm_heap_used_bytes", "", runtime.totalMemory() - runtime.freeMemory());
        family("rockstream_jvm_heap_max_bytes", "gauge", "The heap's limit.");
        sample("rockstream_jvm_heap_max_bytes", "", runtime.maxMemory());
        StringBuilder text = new StringBuilder(4096);
        families.values().forEach(text::append);
        return text.toString();
    }

    private void family(String name, String type, String help) {
        families.computeIfAbsent(name, n -> new StringBuilder().append("# HELP ").append(n).append(' ').append(help)
                .append('\n').append("# TYPE ").append(n).append(' ').append(type).append('\n'));
    }

    private void sample(String name, String labels, double value) {
        StringBuilder out = families.get(name);
        out.append(name).append(labels).append(' ');
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long) value);
        } else {
            out.append(String.format(Locale.ROOT, "%.6g", value));
        }
        out.append('\n');
    }

    /** {@code {k1="v1",k2="v2"}} with backslash, quote and newline escaped. */
    static String labels(String... pairs) {
        StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                text.append(',');
            }
            text.append(pairs[i]).append("=\"").append(pairs[i + 1].replace("\\", "\\\\").replace("\"", "\\\"")
                    .replace("\n", "\\n")).append('"');
        }
        return text.append('}').toString();
    }
}
