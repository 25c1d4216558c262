package io.rockstream.jobmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobmanager.monitor.Monitor;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What monitoring reports: a view's freshness lag while a write waits (the epoch loop is
 * held by a control task, as in {@link FreshnessTest}), its target and degraded reason,
 * per-vertex counters and rates, and running statements that can be cancelled.
 */
class MonitorTest extends InMemoryEngineTest {
    private Monitor.ViewHealth view(String name) {
        return engine.monitor().views(null).stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aViewLagsWhileAWriteToItsInputsWaitsAndIsDegradedPastItsTarget() throws Exception {
        session.execute("CREATE TABLE t (k int PRIMARY KEY, g int); CREATE TABLE other (x int)");
        session.execute("CREATE MATERIALIZED VIEW fast WITH (freshness = '100ms') AS SELECT g, count(*) AS n FROM t GROUP BY g");
        session.execute("CREATE MATERIALIZED VIEW onfast AS SELECT n FROM fast WHERE n > 0");
        session.execute("CREATE MATERIALIZED VIEW elsewhere WITH (freshness = '100ms') AS SELECT count(*) AS n FROM other");
        assertThat(view("fast").lagMillis()).isZero();
        assertThat(view("fast").targetMillis()).isEqualTo(100L);
        assertThat(view("onfast").targetMillis()).isNull();
        assertThat(view("fast").healthy()).isTrue();

        CompletableFuture<List<StatementResult>> write;
        try (HeldLoop held = holdEpochLoop()) {
            write = CompletableFuture.supplyAsync(() -> engine.openSession().execute("INSERT INTO t VALUES (1, 1)"));
            Thread.sleep(400);
            Monitor.ViewHealth fast = view("fast");
            assertThat(fast.lagMillis()).isGreaterThanOrEqualTo(300);
            assertThat(fast.epochLag()).isEqualTo(1);
            assertThat(fast.degradedReason()).startsWith("freshness lag ").contains("exceeds the target 100 ms");
            // a view over a view lags with it; a view over an untouched table does not
            assertThat(view("onfast").lagMillis()).isGreaterThanOrEqualTo(300);
            assertThat(view("onfast").healthy()).as("no target, no SLO").isTrue();
            assertThat(view("elsewhere").lagMillis()).isZero();
            assertThat(view("elsewhere").healthy()).isTrue();
        }
        write.get(10, TimeUnit.SECONDS);
        assertThat(view("fast").lagMillis()).isZero();
        assertThat(view("fast").epochLag()).isZero();
    }

    @Test
    void aFreshnessTargetMustBeAPositiveDuration() {
        session.execute("CREATE TABLE t (k int)");
        assertThatThrownBy(() -> session.execute("CREATE MATERIALIZED VIEW v WITH (freshness = 'soon') AS SELECT k FROM t"))
                .isInstanceOfSatisfying(RockStreamException.class, error -> {
                    assertThat(error.sqlState()).isEqualTo("22023");
                    assertThat(error.getMessage()).contains("freshness").contains("soon");
                    assertThat(error.hasPosition()).isTrue();
                });
        assertThatThrownBy(() -> session.execute("CREATE MATERIALIZED VIEW v WITH (freshness = '0s') AS SELECT k FROM t"))
                .isInstanceOfSatisfying(RockStreamException.class, error -> assertThat(error.sqlState()).isEqualTo("22023"));
        session.execute("CREATE MATERIALIZED VIEW v WITH (freshness = '2min', parallelism = 1) AS SELECT k FROM t");
        assertThat(view("v").targetMillis()).isEqualTo(120_000L);
        session.execute("DROP MATERIALIZED VIEW v");
        session.execute("CREATE MATERIALIZED VIEW v AS SELECT k FROM t");
        assertThat(view("v").targetMillis()).as("a new view of the same name starts without a target").isNull();
    }

    @Test
    void verticesCountRowsAndReportRatesOverTheLastSeconds() throws Exception {
        session.execute("CREATE TABLE t (k int PRIMARY KEY, g int)");
        session.execute("CREATE MATERIALIZED VIEW c AS SELECT g, count(*) AS n FROM t GROUP BY g");
        session.execute("INSERT INTO t SELECT k, k % 3 FROM generate_series(1, 300) AS s(k)");
        Monitor.Job job = engine.monitor().job("c").orElseThrow();
        assertThat(job.kind()).isEqualTo("view");
        assertThat(job.status()).isEqualTo("RUNNING");
        assertThat(job.sql()).isEqualTo("SELECT g, count(*) AS n FROM t GROUP BY g");
        List<Monitor.VertexMetrics> vertices = engine.monitor().metrics(job);
        assertThat(vertices).hasSize(job.graph().vertices().size());
        Monitor.VertexMetrics source = vertices.get(0);
        assertThat(source.vertex().name()).isEqualTo("Source t");
        assertThat(source.metrics().rowsIn()).isEqualTo(300);
        assertThat(source.subtasks()).hasSize(source.vertex().parallelism());
        assertThat(source.subtasks().stream().mapToLong(Monitor.Metrics::rowsIn).sum()).isEqualTo(300);
        Monitor.VertexMetrics aggregate = vertices.stream().filter(v -> v.vertex().name().equals("Aggregate"))
                .findFirst().orElseThrow();
        assertThat(aggregate.metrics().rowsIn()).isEqualTo(300);
        assertThat(aggregate.metrics().rowsOut()).as("one row per group").isEqualTo(3);
        assertThat(vertices).allSatisfy(vertex -> assertThat(vertex.metrics().epochLag()).isZero());
        assertThat(source.metrics().stateBytes()).as("heap state cannot tell its size").isEqualTo(-1);

        // rates need two samples: the sampler takes one a second
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        double rate = 0;
        int k = 1000;
        while (rate == 0 && System.nanoTime() < deadline) {
            session.execute("INSERT INTO t VALUES (" + k++ + ", 1)");
            Thread.sleep(100);
            rate = engine.monitor().metrics(job).get(0).metrics().rowsInPerSecond();
        }
        assertThat(rate).isGreaterThan(0);
    }

    @Test
    void aRunningStatementIsAJobThatCanBeCancelled() throws Exception {
        session.execute("CREATE TABLE t (k int); INSERT INTO t SELECT * FROM generate_series(1, 400)");
        SqlSession other = engine.openSession();
        String sql = "SELECT count(*) FROM t a, t b, t c WHERE a.k + b.k + c.k > 0";
        CompletableFuture<List<StatementResult>> query = CompletableFuture.supplyAsync(() -> other.execute(sql));
        Optional<Monitor.Job> running = Optional.empty();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (running.isEmpty() && !query.isDone() && System.nanoTime() < deadline) {
            running = engine.monitor().jobs().stream().filter(job -> job.kind().equals("query")).findFirst();
            Thread.sleep(10);
        }
        assertThat(running).as("the statement is listed while it runs").isPresent();
        assertThat(running.get().sql()).isEqualTo(sql);
        assertThat(running.get().id()).startsWith("query-");
        // mid-epoch: its sink has not finished the one epoch it was given
        List<Monitor.VertexMetrics> midEpoch = engine.monitor().metrics(running.get());
        assertThat(midEpoch.get(midEpoch.size() - 1).vertex().name()).isEqualTo("Sink");
        assertThat(midEpoch.get(midEpoch.size() - 1).metrics().epochLag()).isEqualTo(1);
        assertThat(engine.monitor().cancelQuery("query-does-not-exist")).isFalse();
        assertThat(engine.monitor().cancelQuery(running.get().id())).isTrue();
        assertThatThrownBy(() -> query.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(RockStreamException.class)
                .hasMessageContaining("canceling statement due to user request");
        other.close();
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (engine.monitor().jobs().stream().anyMatch(job -> job.kind().equals("query"))
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(engine.monitor().jobs()).noneMatch(job -> job.kind().equals("query"));
    }

    @Test
    void alterSetsAndResetsTheFreshnessTarget() {
        session.execute("CREATE TABLE t (k int); CREATE MATERIALIZED VIEW v AS SELECT k FROM t; CREATE VIEW plain AS SELECT k FROM t");
        assertThat(session.execute("ALTER MATERIALIZED VIEW v SET (freshness = '250ms')").get(0))
                .isEqualTo(new StatementResult.Command("ALTER MATERIALIZED VIEW", -1));
        assertThat(view("v").targetMillis()).isEqualTo(250L);
        session.execute("alter materialized view v set (freshness = '3s')");
        assertThat(view("v").targetMillis()).isEqualTo(3000L);
        session.execute("ALTER MATERIALIZED VIEW v RESET (freshness)");
        assertThat(view("v").targetMillis()).isNull();
        assertThat(view("v").sloCompliance()).isNull();

        assertThatThrownBy(() -> session.execute("ALTER MATERIALIZED VIEW nope SET (freshness = '1s')"))
                .isInstanceOfSatisfying(RockStreamException.class, e -> assertThat(e.sqlState()).isEqualTo("42P01"));
        assertThatThrownBy(() -> session.execute("ALTER MATERIALIZED VIEW plain SET (freshness = '1s')"))
                .isInstanceOfSatisfying(RockStreamException.class, e -> assertThat(e.sqlState()).isEqualTo("42809"));
        assertThatThrownBy(() -> session.execute("ALTER MATERIALIZED VIEW v SET (parallelism = 0)"))
                .isInstanceOfSatisfying(RockStreamException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("22023");
                    assertThat(e.getMessage()).contains("parallelism");
                    assertThat(e.position()).as("at the option").isEqualTo("ALTER MATERIALIZED VIEW v SET (".length() + 1);
                });
        assertThatThrownBy(() -> session.execute("ALTER MATERIALIZED VIEW v SET (colour = 'red')"))
                .isInstanceOfSatisfying(RockStreamException.class, e -> assertThat(e.sqlState()).isEqualTo("22023"));
        assertThatThrownBy(() -> session.execute("ALTER MATERIALIZED VIEW v SET (freshness = 'later')"))
                .isInstanceOfSatisfying(RockStreamException.class, e -> assertThat(e.sqlState()).isEqualTo("22023"));
        assertThatThrownBy(() -> session.execute("ALTER MATERIALIZED VIEW v SET freshness = '1s'"))
                .isInstanceOfSatisfying(RockStreamException.class, e -> assertThat(e.sqlState()).isEqualTo("42601"));
        assertThat(view("v").targetMillis()).as("failed ALTERs change nothing").isNull();
        // "alter" and "reset" stay usable as names
        session.execute("CREATE TABLE alter (reset int)");
        assertThat(rows("SELECT reset FROM alter")).isEmpty();
    }

    @Test
    void sloComplianceCountsTheSamplesSinceTheTargetWasSet() throws Exception {
        session.execute("CREATE TABLE t (k int); CREATE MATERIALIZED VIEW v WITH (freshness = '100ms') AS SELECT k FROM t");
        awaitSamples("v", 2, 0);
        CompletableFuture<List<StatementResult>> write;
        try (HeldLoop held = holdEpochLoop()) {
            write = CompletableFuture.supplyAsync(() -> engine.openSession().execute("INSERT INTO t VALUES (1)"));
            awaitSamples("v", 2, 101);
        }
        write.get(10, TimeUnit.SECONDS);
        Monitor.ViewHealth late = view("v");
        assertThat(late.lagMillis()).isZero();
        assertThat(late.sloCompliance()).isGreaterThan(0.0).isLessThan(1.0);
        assertThat(late.degradedReason()).contains("the freshness target 100 ms held only").contains("of the last 300 s");
        assertThat(engine.monitor().history("v")).anySatisfy(sample -> assertThat(sample.lagMillis()).isGreaterThan(100));

        // a new target starts a new count
        session.execute("ALTER MATERIALIZED VIEW v SET (freshness = '1min')");
        assertThat(view("v").sloCompliance()).isEqualTo(1.0);
        assertThat(view("v").healthy()).isTrue();
    }

    /** Waits until {@code view}'s history holds {@code count} samples with a lag of at least {@code minLag} ms. */
    private void awaitSamples(String view, int count, long minLag) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (engine.monitor().history(view).stream().filter(sample -> sample.lagMillis() >= minLag).count() < count) {
            assertThat(System.nanoTime()).as("samples of %s with lag >= %d", view, minLag).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
