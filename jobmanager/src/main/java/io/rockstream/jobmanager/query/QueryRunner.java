package io.rockstream.jobmanager.query;

import io.rockstream.compiler.plan.LogicalPlan;
import io.rockstream.compiler.planner.JobGraphBuilder;
import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.graph.JobGraph;
import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.jobmanager.catalog.Contents;
import io.rockstream.jobmanager.epoch.EpochCoordinator;
import io.rockstream.jobmanager.epoch.EpochInput;
import io.rockstream.jobmanager.epoch.JobListener;
import io.rockstream.jobmanager.epoch.JobManagerEndpoint;
import io.rockstream.taskmanager.runtime.TaskManagerGateway;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Runs an ad-hoc query with the same operators that maintain views: the query's job graph
 * is deployed, fed a consistent read of its inputs as one epoch (a batch query is one
 * incremental step from empty), streamed in chunks so that no input is copied to the heap
 * as a whole, and its sink's output is the answer.
 */
public final class QueryRunner {
    private static final long TIMEOUT_SECONDS = 600;

    private final TaskManagerGateway taskManager;
    private final JobManagerEndpoint endpoint;
    private final int parallelism;
    private final AtomicLong queries = new AtomicLong();
    private final Map<String, RunningQuery> running = new java.util.concurrent.ConcurrentHashMap<>();

    /** An ad-hoc statement's job while it runs: monitoring lists it, and can cancel it. */
    public record RunningQuery(String id, JobGraph graph, String sql, java.time.Instant started,
            StatementControl control) {
    }

    /** The ad-hoc statements whose jobs run now, oldest first. */
    public List<RunningQuery> running() {
        List<RunningQuery> list = new ArrayList<>(running.values());
        list.sort(java.util.Comparator.comparing(RunningQuery::started));
        return list;
    }

    /** The running statement whose job is {@code id}, if any. */
    public java.util.Optional<RunningQuery> running(String id) {
        return java.util.Optional.ofNullable(running.get(id));
    }

    public QueryRunner(TaskManagerGateway taskManager, JobManagerEndpoint endpoint, int parallelism) {
        this.taskManager = taskManager;
        this.endpoint = endpoint;
        this.parallelism = parallelism;
    }

    /**
     * The query's rows, duplicates repeated, in no particular order. {@code read} opens
     * readers of the relations the query reads; they are closed here.
     */
    public List<Row> run(LogicalPlan plan, Function<Set<String>, Map<String, Contents.Reader>> read) {
        return run(plan, read, new StatementControl());
    }

    /**
     * As {@link #run(LogicalPlan, Function)}, stopped with 57014 by {@code control}'s cancel
     * or its timeout.
     */
    public List<Row> run(LogicalPlan plan, Function<Set<String>, Map<String, Contents.Reader>> read,
            StatementControl control) {
        long number = queries.incrementAndGet();
        JobGraph graph = JobGraphBuilder.build(JobId.of("?query-" + number), plan, "?result?", parallelism);
        String id = "query-" + number;
        Map<String, Contents.Reader> inputs = read.apply(EpochCoordinator.sources(graph));
        CompletableFuture<ZSet> result = new CompletableFuture<>();
        endpoint.register(graph.id(), graph.sink().orElseThrow().parallelism(), new JobListener() {
            @Override
            public void epochCompleted(long epoch, ZSet delta, ZSet errors) {
                if (!errors.isEmpty()) {
                    Row error = errors.row(0);
                    result.completeExceptionally(RockStreamException.of(code((String) error.get(0)),
                            (String) error.get(1)));
                } else {
                    result.complete(delta);
                }
            }

            @Override
            public void failed(Throwable failure) {
                result.completeExceptionally(failure);
            }
        });
        long timeoutMillis = control.timeoutMillis() > 0 ? control.timeoutMillis()
                : TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS);
        try (StatementControl.Running started = control.start(result::completeExceptionally)) {
            running.put(id, new RunningQuery(id, graph, control.statement(), java.time.Instant.now(), control));
            taskManager.deploy(graph, endpoint);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            EpochInput.inject(taskManager, graph.id(), 1, inputs,
                    () -> result.isDone() || System.nanoTime() - deadline > 0);
            ZSet delta = result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            List<Row> rows = new ArrayList<>(delta.size());
            for (int i = 0; i < delta.size(); i++) {
                long weight = delta.weight(i);
                if (weight < 0) {
                    throw RockStreamException.internal("query " + graph.id() + " produced a negative weight for "
                            + delta.row(i), null);
                }
                for (long w = 0; w < weight; w++) {
                    rows.add(delta.row(i));
                }
            }
            return rows;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RockStreamException error) {
                throw error;
            }
            throw RockStreamException.internal("query failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StatementControl.canceled();
        } catch (TimeoutException e) {
            throw StatementControl.timedOut();
        } finally {
            running.remove(id);
            EpochInput.closeAll(inputs);
            taskManager.cancel(graph.id());
            endpoint.unregister(graph.id());
        }
    }

    static ErrorCode code(String sqlState) {
        for (ErrorCode code : ErrorCode.values()) {
            if (code.sqlState().equals(sqlState)) {
                return code;
            }
        }
        return ErrorCode.INTERNAL_ERROR;
    }
}
