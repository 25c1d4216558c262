package io.rockstream.jobmanager.monitor;

import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.graph.JobEdge;
import io.rockstream.jobgraph.graph.JobGraph;
import io.rockstream.jobgraph.graph.JobVertex;
import io.rockstream.jobgraph.graph.SubtaskId;
import io.rockstream.jobmanager.epoch.EpochCoordinator;
import io.rockstream.jobmanager.query.QueryRunner;
import io.rockstream.taskmanager.runtime.SubtaskStatus;
import io.rockstream.taskmanager.runtime.TaskManagerGateway;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * What the REST API, the web UI and Prometheus show of a running engine: its jobs (one per
 * materialized view, plus the ad-hoc statements running now) with per-vertex metrics, and
 * each view's freshness against its target.
 *
 * <p>A sampler reads every subtask's counters and every view's lag once a second; rates
 * and busy ratios are taken over the last {@link #RATE_WINDOW_SECONDS} seconds of samples,
 * SLO compliance over the last {@link #SLO_WINDOW_SECONDS}. Thread-safe.
 */
public final class Monitor implements AutoCloseable {
    public static final int RATE_WINDOW_SECONDS = 10;
    public static final int SLO_WINDOW_SECONDS = 300;
    /** A vertex whose consumers are this busy is reported back-pressured. */
    public static final double BACK_PRESSURED = 0.8;

    private final EpochCoordinator coordinator;
    private final TaskManagerGateway taskManager;
    private final QueryRunner queries;
    private final Function<String, Optional<String>> viewSql;
    private final ScheduledExecutorService sampler;
    private final Map<String, ArrayDeque<Sample>> jobSamples = new ConcurrentHashMap<>();
    private final Map<String, ArrayDeque<LagSample>> lagHistory = new ConcurrentHashMap<>();
    private final Map<String, Target> targets = new ConcurrentHashMap<>();

    /** A freshness target, and since when it holds (compliance counts only samples taken since). */
    private record Target(long millis, Instant since) {
    }

    private record Sample(long nanos, Map<SubtaskId, SubtaskStatus> subtasks) {
    }

    /** A view's lag at one moment. */
    public record LagSample(Instant time, long lagMillis) {
    }

    /** A job: a view's, or an ad-hoc statement's while it runs. */
    public record Job(String id, String name, String kind, String status, String sql, Instant started, JobGraph graph,
            RockStreamException failure) {
        public int parallelism() {
            return graph.slots();
        }
    }

    /** A vertex's or a subtask's figures; {@code stateBytes} is -1 when the state backend cannot tell. */
    public record Metrics(long rowsIn, long rowsOut, double rowsInPerSecond, double rowsOutPerSecond, double busyRatio,
            int queuedMessages, double backPressure, long stateBytes, long epochLag) {
        public boolean backPressured() {
            return backPressure >= BACK_PRESSURED;
        }
    }

    /** A vertex with its metrics and those of its subtasks (by index). */
    public record VertexMetrics(JobVertex vertex, Metrics metrics, List<Metrics> subtasks) {
    }

    /** A view's freshness and health now. */
    public record ViewHealth(String name, String sql, long epoch, long lagMillis, int epochLag, Long targetMillis,
            Double sloCompliance, String degradedReason) {
        public boolean healthy() {
            return degradedReason == null;
        }
    }

    public Monitor(EpochCoordinator coordinator, TaskManagerGateway taskManager, QueryRunner queries,
            Function<String, Optional<String>> viewSql) {
        this.coordinator = coordinator;
        this.taskManager = taskManager;
        this.queries = queries;
        this.viewSql = viewSql;
        this.sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "monitor-sampler");
            thread.setDaemon(true);
            return thread;
        });
        sampler.scheduleAtFixedRate(this::sampleQuietly, 1, 1, TimeUnit.SECONDS);
    }

    // ------------------------------------------------------------------ freshness targets

    /** Sets (or with null, removes) the freshness target of {@code view}. */
    public void target(String view, Long millis) {
        if (millis == null) {
            targets.remove(view);
        } else {
            targets.put(view, new Target(millis, Instant.now()));
        }
    }

    /** Forgets a dropped view. */
    public void forget(String view) {
        targets.remove(view);
        lagHistory.remove(view);
        jobSamples.remove(view);
    }

    // ------------------------------------------------------------------ jobs

    /** Every job: views by name, then running statements, oldest first. */
    public List<Job> jobs() {
        List<Job> jobs = new ArrayList<>();
        for (EpochCoordinator.ViewStatus view : coordinator.viewStatuses()) {
            jobs.add(new Job(view.view(), view.view(), "view", view.failure() == null ? "RUNNING" : "FAILED",
                    viewSql.apply(view.view()).orElse(""), view.deployed(), view.graph(), view.failure()));
        }
        for (QueryRunner.RunningQuery query : queries.running()) {
            jobs.add(new Job(query.id(), query.id(), "query", "RUNNING", query.sql(), query.started(), query.graph(),
                    null));
        }
        return jobs;
    }

    public Optional<Job> job(String id) {
        return jobs().stream().filter(job -> job.id().equals(id)).findFirst();
    }

    /** Cancels a running statement's job; false when no statement runs under {@code id}. */
    public boolean cancelQuery(String id) {
        Optional<QueryRunner.RunningQuery> query = queries.running(id);
        query.ifPresent(running -> running.control().cancel());
        return query.isPresent();
    }

    /** The job's vertices in graph order, with metrics over the last seconds. */
    public List<VertexMetrics> metrics(Job job) {
        long now = System.nanoTime();
        long injected = taskManager.injectedEpoch(job.graph().id());
        Map<SubtaskId, SubtaskStatus> current = statuses(job.graph(), true);
        Sample earlier = earliestSample(job.id(), now);
        double seconds = earlier == null ? 0 : (now - earlier.nanos()) / 1e9;
        Map<SubtaskId, Metrics> perSubtask = new HashMap<>();
        for (SubtaskStatus status : current.values()) {
            SubtaskStatus before = earlier == null ? null : earlier.subtasks().get(status.id());
            double inRate = 0;
            double outRate = 0;
            double busy = 0;
            if (before != null && seconds > 0) {
                inRate = (status.rowsIn() - before.rowsIn()) / seconds;
                outRate = (status.rowsOut() - before.rowsOut()) / seconds;
                busy = Math.min(1, (status.busyNanos() - before.busyNanos()) / (seconds * 1e9));
            }
            long behind = injected < 0 || status.lastEpoch() >= injected ? 0
                    : status.lastEpoch() < 0 ? 1 : injected - status.lastEpoch();
            perSubtask.put(status.id(), new Metrics(status.rowsIn(), status.rowsOut(), inRate, outRate, busy,
                    status.queuedMessages(), 0, status.stateBytes(), behind));
        }
        Map<Integer, Metrics> byVertex = new LinkedHashMap<>();
        Map<Integer, List<Metrics>> subtasksByVertex = new HashMap<>();
        for (JobVertex vertex : job.graph().vertices()) {
            List<Metrics> subtasks = new ArrayList<>();
            for (int index = 0; index < vertex.parallelism(); index++) {
                Metrics metrics = perSubtask.get(new SubtaskId(job.graph().id(), vertex.id(), index));
                subtasks.add(metrics == null ? new Metrics(0, 0, 0, 0, 0, 0, 0, 0, 0) : metrics);
            }
            subtasksByVertex.put(vertex.id().value(), subtasks);
            byVertex.put(vertex.id().value(), sum(subtasks));
        }
        List<VertexMetrics> result = new ArrayList<>();
        for (JobVertex vertex : job.graph().vertices()) {
            double pressure = 0;
            for (JobEdge edge : job.graph().outputsOf(vertex.id())) {
                pressure = Math.max(pressure, byVertex.get(edge.target().value()).busyRatio());
            }
            Metrics total = byVertex.get(vertex.id().value());
            final double backPressure = pressure;
            List<Metrics> subtasks = subtasksByVertex.get(vertex.id().value()).stream()
                    .map(m -> withBackPressure(m, backPressure)).toList();
            result.add(new VertexMetrics(vertex, withBackPressure(total, backPressure), subtasks));
        }
        return result;
    }

    private static Metrics withBackPressure(Metrics metrics, double backPressure) {
        return new Metrics(metrics.rowsIn(), metrics.rowsOut(), metrics.rowsInPerSecond(), metrics.rowsOutPerSecond(),
                metrics.busyRatio(), metrics.queuedMessages(), backPressure, metrics.stateBytes(), metrics.epochLag());
    }

    private static Metrics sum(List<Metrics> subtasks) {
        long in = 0;
        long out = 0;
        double inRate = 0;
        double outRate = 0;
        double busy = 0;
        int queued = 0;
        long state = 0;
        long epochLag = 0;
        boolean stateKnown = true;
        for (Metrics m : subtasks) {
            in += m.rowsIn();
            out += m.rowsOut();
            inRate += m.rowsInPerSecond();
            outRate += m.rowsOutPerSecond();
            busy += m.busyRatio();
            queued += m.queuedMessages();
            epochLag = Math.max(epochLag, m.epochLag());
            if (m.stateBytes() < 0) {
                stateKnown = false;
            } else {
                state += m.stateBytes();
            }
        }
        return new Metrics(in, out, inRate, outRate, subtasks.isEmpty() ? 0 : busy / subtasks.size(), queued, 0,
                stateKnown ? state : -1, epochLag);
    }

    private Map<SubtaskId, SubtaskStatus> statuses(JobGraph graph, boolean stateSizes) {
        Map<SubtaskId, SubtaskStatus> statuses = new HashMap<>();
        for (SubtaskStatus status : taskManager.status(graph.id(), stateSizes)) {
            statuses.put(status.id(), status);
        }
        return statuses;
    }

    /** The oldest sample of the job within the rate window, or null. */
    private Sample earliestSample(String job, long now) {
        ArrayDeque<Sample> samples = jobSamples.get(job);
        if (samples == null) {
            return null;
        }
        synchronized (samples) {
            for (Sample sample : samples) {
                if (now - sample.nanos() <= TimeUnit.SECONDS.toNanos(RATE_WINDOW_SECONDS + 1)
                        && now - sample.nanos() > TimeUnit.MILLISECONDS.toNanos(200)) {
                    return sample;
                }
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ views

    /** Every view's freshness and health; {@code storageFailure} (or null) degrades them all. */
    public List<ViewHealth> views(String storageFailure) {
        List<ViewHealth> views = new ArrayList<>();
        Map<String, EpochCoordinator.Unapplied> unapplied = coordinator.unappliedWrites();
        List<EpochCoordinator.ViewStatus> statuses = coordinator.viewStatuses();
        Map<String, EpochCoordinator.ViewStatus> byName = new HashMap<>();
        statuses.forEach(status -> byName.put(status.view(), status));
        long epoch = coordinator.visibleEpoch();
        long now = System.nanoTime();
        for (EpochCoordinator.ViewStatus status : statuses) {
            long lag = 0;
            int epochLag = 0;
            for (String table : upstreamTables(status.view(), byName)) {
                EpochCoordinator.Unapplied writes = unapplied.get(table);
                if (writes != null) {
                    lag = Math.max(lag, TimeUnit.NANOSECONDS.toMillis(now - writes.oldestNanos()));
                    epochLag = Math.max(epochLag, writes.epochs());
                }
            }
            Target set = targets.get(status.view());
            Long target = set == null ? null : set.millis();
            Double compliance = set == null ? null : compliance(status.view(), set);
            views.add(new ViewHealth(status.view(), viewSql.apply(status.view()).orElse(""), epoch, lag, epochLag,
                    target, compliance, degradedReason(status, lag, target, compliance, storageFailure)));
        }
        return views;
    }

    /** The view's lag once a second over the SLO window, oldest first. */
    public List<LagSample> history(String view) {
        ArrayDeque<LagSample> samples = lagHistory.get(view);
        if (samples == null) {
            return List.of();
        }
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    private double compliance(String view, Target target) {
        List<LagSample> samples = history(view).stream().filter(sample -> !sample.time().isBefore(target.since()))
                .toList();
        if (samples.isEmpty()) {
            return 1.0;
        }
        long met = samples.stream().filter(sample -> sample.lagMillis() <= target.millis()).count();
        return (double) met / samples.size();
    }

    private String degradedReason(EpochCoordinator.ViewStatus status, long lag, Long target, Double compliance,
            String storageFailure) {
        if (status.failure() != null) {
            return "failed (" + status.failure().sqlState() + "): " + status.failure().getMessage();
        }
        if (status.errorRows() > 0) {
            return "holds " + status.errorRows() + " data error row(s): reads of it fail until the rows that cause"
                    + " them are fixed";
        }
        if (storageFailure != null) {
            return "storage failed, writes are stopped: " + storageFailure;
        }
        if (target != null && lag > target) {
            return "freshness lag " + lag + " ms exceeds the target " + target + " ms" + busiest(status.view());
        }
        if (compliance != null && compliance < 0.99) {
            return String.format(java.util.Locale.ROOT, "the freshness target %d ms held only %.1f%% of the last %d s%s",
                    target, compliance * 100, SLO_WINDOW_SECONDS, busiest(status.view()));
        }
        return null;
    }

    /** ", busiest vertex: X (N% busy)", from the view's job metrics, or "". */
    private String busiest(String view) {
        Optional<Job> job = job(view);
        if (job.isEmpty()) {
            return "";
        }
        VertexMetrics busiest = null;
        for (VertexMetrics vertex : metrics(job.get())) {
            if (busiest == null || vertex.metrics().busyRatio() > busiest.metrics().busyRatio()) {
                busiest = vertex;
            }
        }
        return busiest == null ? "" : String.format(java.util.Locale.ROOT, "; busiest vertex: %s %s (%.0f%% busy)",
                busiest.vertex().name(), busiest.vertex().id(), busiest.metrics().busyRatio() * 100);
    }

    /** The tables a view reads, through the views it reads. */
    private static Set<String> upstreamTables(String view, Map<String, EpochCoordinator.ViewStatus> views) {
        Set<String> tables = new HashSet<>();
        Set<String> seen = new HashSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>(List.of(view));
        while (!todo.isEmpty()) {
            String relation = todo.poll();
            if (!seen.add(relation)) {
                continue;
            }
            EpochCoordinator.ViewStatus status = views.get(relation);
            if (status == null) {
                tables.add(relation);
            } else {
                todo.addAll(status.inputs());
            }
        }
        return tables;
    }

    // ------------------------------------------------------------------ sampling

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException failure) {
            org.slf4j.LoggerFactory.getLogger(Monitor.class).warn("monitoring sample failed", failure);
        }
    }

    /** Takes one sample of every job's subtasks and every view's lag. */
    void sample() {
        long now = System.nanoTime();
        Set<String> live = new HashSet<>();
        for (Job job : jobs()) {
            live.add(job.id());
            ArrayDeque<Sample> samples = jobSamples.computeIfAbsent(job.id(), id -> new ArrayDeque<>());
            Sample sample = new Sample(now, statuses(job.graph(), false));
            synchronized (samples) {
                samples.addLast(sample);
                while (samples.size() > RATE_WINDOW_SECONDS + 2) {
                    samples.removeFirst();
                }
            }
        }
        jobSamples.keySet().retainAll(live);
        Instant time = Instant.now();
        Set<String> views = new HashSet<>();
        for (ViewHealth view : views(null)) {
            views.add(view.name());
            ArrayDeque<LagSample> samples = lagHistory.computeIfAbsent(view.name(), name -> new ArrayDeque<>());
            synchronized (samples) {
                samples.addLast(new LagSample(time, view.lagMillis()));
                while (samples.size() > SLO_WINDOW_SECONDS) {
                    samples.removeFirst();
                }
            }
        }
        lagHistory.keySet().retainAll(views);
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
