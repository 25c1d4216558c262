package io.rockstream.jobmanager.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rockstream.jobmanager.Engine;
import io.rockstream.jobmanager.EngineConfig;
import io.rockstream.jobmanager.SqlSession;
import io.rockstream.statebackend.objectstore.LocalObjectStore;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST API over real HTTP (a {@link RestServer} on a free loopback port, the JDK's
 * HttpClient): every route of {@code openapi.json}, and the document against the routes;
 * malformed requests get a 4xx with a JSON error body, never a stack trace.
 */
class RestApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path storage;

    private Engine engine;
    private RestServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void start() {
        engine = Engine.start(EngineConfig.defaults().withStorage(new LocalObjectStore(storage)).withCheckpoints(1000, 0, 2));
        server = RestServer.start(engine, RestConfig.loopback(0));
    }

    @AfterEach
    void stop() {
        server.close();
        engine.close();
    }

    private record Reply(int status, String contentType, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    private Reply send(String method, String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.headers().firstValue("content-type").orElse(""), response.body());
    }

    private Reply get(String path) throws Exception {
        return send("GET", path, null, Map.of());
    }

    private Reply sql(String sql) throws Exception {
        return send("POST", "/api/v1/sql", JSON.createObjectNode().put("sql", sql).toString(),
                Map.of("Content-Type", "application/json"));
    }

    /** An error reply: the status, and a JSON body with the SQLSTATE and no Java in it. */
    private static JsonNode error(Reply reply, int status, String sqlState) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/json");
        JsonNode error = reply.json().get("error");
        assertThat(error.get("sqlstate").asText()).isEqualTo(sqlState);
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(reply.body()).doesNotContain("Exception").doesNotContain("\tat ");
        return error;
    }

    @Test
    void theOpenApiDocumentListsExactlyTheServedRoutes() throws Exception {
        Set<String> documented = new TreeSet<>();
        JsonNode document;
        try (InputStream in = RestApi.class.getResourceAsStream(RestApi.OPENAPI_RESOURCE)) {
            document = JSON.readTree(in);
        }
        assertThat(document.get("openapi").asText()).startsWith("3.");
        Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> documented.add(
                    method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey()));
        }
        Set<String> served = new TreeSet<>();
        RestServer.routes(engine).forEach(route -> served.add(route.method() + " " + route.template()));
        assertThat(served).isEqualTo(documented);
        // and the server hands out the same document
        Reply reply = get("/api/v1/openapi.json");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json()).isEqualTo(document);
    }

    @Test
    void sqlRunsAScriptAndReturnsRowsAsPostgresText() throws Exception {
        Reply reply = sql("CREATE TABLE t (k int PRIMARY KEY, g text, v numeric(10,2));"
                + " INSERT INTO t VALUES (1, 'a', 1.5), (2, 'a', NULL), (3, 'b', 2);"
                + " CREATE MATERIALIZED VIEW s WITH (freshness = '5s') AS SELECT g, count(*) AS n, sum(v) AS total FROM t GROUP BY g;"
                + " SELECT * FROM s ORDER BY g");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode results = reply.json().get("results");
        assertThat(results).hasSize(4);
        assertThat(results.get(0).get("tag").asText()).isEqualTo("CREATE TABLE");
        assertThat(results.get(1).get("tag").asText()).isEqualTo("INSERT 0 3");
        assertThat(results.get(1).get("row_count").asLong()).isEqualTo(3);
        assertThat(results.get(2).get("tag").asText()).isEqualTo("CREATE MATERIALIZED VIEW");
        JsonNode rows = results.get(3);
        assertThat(rows.get("kind").asText()).isEqualTo("rows");
        assertThat(rows.get("columns").toString())
                .isEqualTo("[{\"name\":\"g\",\"type\":\"text\"},{\"name\":\"n\",\"type\":\"bigint\"},"
                        + "{\"name\":\"total\",\"type\":\"numeric\"}]");
        assertThat(rows.get("rows").toString()).isEqualTo("[[\"a\",\"2\",\"1.50\"],[\"b\",\"1\",\"2.00\"]]");
        assertThat(rows.get("row_count").asInt()).isEqualTo(2);
        assertThat(rows.get("truncated").asBoolean()).isFalse();

        // NULL is JSON null; max_rows cuts a long answer and says so
        Reply limited = send("POST", "/api/v1/sql", "{\"sql\": \"SELECT v FROM t ORDER BY k\", \"max_rows\": 2}",
                Map.of("Content-Type", "application/json; charset=utf-8"));
        JsonNode result = limited.json().get("results").get(0);
        assertThat(result.get("rows").toString()).isEqualTo("[[\"1.50\"],[null]]");
        assertThat(result.get("row_count").asInt()).isEqualTo(3);
        assertThat(result.get("truncated").asBoolean()).isTrue();
    }

    @Test
    void sqlErrorsCarryTheirSqlStateAndPositionInTheWholeScript() throws Exception {
        JsonNode syntax = error(sql("SELECT 1;\nSELECT * FRM t"), 400, "42601");
        assertThat(syntax.get("position").asInt()).isEqualTo(20);
        assertThat(syntax.get("line").asInt()).isEqualTo(2);
        assertThat(syntax.get("column").asInt()).isEqualTo(10);

        // a binding error in the third statement: earlier statements ran, and their results come back
        Reply reply = sql("CREATE TABLE u (a int);\nINSERT INTO u VALUES (1);\n  SELECT nope FROM u");
        JsonNode error = error(reply, 400, "42703");
        assertThat(error.get("statement").asInt()).isEqualTo(2);
        String script = "CREATE TABLE u (a int);\nINSERT INTO u VALUES (1);\n  SELECT nope FROM u";
        assertThat(error.get("position").asInt()).isEqualTo(script.indexOf("nope") + 1);
        assertThat(error.get("line").asInt()).isEqualTo(3);
        assertThat(error.get("column").asInt()).isEqualTo(10);
        assertThat(reply.json().get("results")).hasSize(2);
        assertThat(sql("SELECT a FROM u").json().get("results").get(0).get("rows").toString()).isEqualTo("[[\"1\"]]");

        error(sql("SELECT 1/0"), 400, "22012");

        // statements that live in a Postgres connection are named, not a bare syntax error
        JsonNode subscribe = error(sql("SELECT 1; SUBSCRIBE TO u"), 400, "0A000");
        assertThat(subscribe.get("message").asText()).isEqualTo("SUBSCRIBE is not supported over the REST API");
        assertThat(subscribe.get("position").asInt()).isEqualTo(11);
        assertThat(error(sql("copy u from stdin"), 400, "0A000").get("message").asText()).startsWith("COPY");

        // a request is a session: a transaction it leaves open is rolled back, and it says so
        Reply open = sql("BEGIN; INSERT INTO u VALUES (2)");
        JsonNode rolledBack = error(open, 400, "25000");
        assertThat(rolledBack.get("message").asText()).contains("rolled back");
        assertThat(open.json().get("results")).hasSize(2);
        JsonNode failedInside = error(sql("BEGIN; INSERT INTO u VALUES (3); SELECT 1/0"), 400, "22012");
        assertThat(failedInside.get("detail").asText()).contains("rolled back");
        assertThat(sql("BEGIN; INSERT INTO u VALUES (4); COMMIT").status()).isEqualTo(200);
        assertThat(sql("SELECT a FROM u ORDER BY a").json().get("results").get(0).get("rows").toString())
                .isEqualTo("[[\"1\"],[\"4\"]]");
        error(sql("CREATE MATERIALIZED VIEW w WITH (freshness = 'soon') AS SELECT a FROM u"), 400, "22023");
    }

    @Test
    void malformedRequestsGetA4xxWithAnErrorBody() throws Exception {
        Map<String, String> json = Map.of("Content-Type", "application/json");
        error(send("POST", "/api/v1/sql", "{\"sql\": ", json), 400, "08P01");
        error(send("POST", "/api/v1/sql", "[1, 2]", json), 400, "08P01");
        error(send("POST", "/api/v1/sql", "{\"query\": \"SELECT 1\"}", json), 400, "08P01");
        error(send("POST", "/api/v1/sql", "{\"sql\": 42}", json), 400, "08P01");
        error(send("POST", "/api/v1/sql", "{\"sql\": \"SELECT 1\", \"max_rows\": -1}", json), 400, "08P01");
        error(send("POST", "/api/v1/sql", "SELECT 1", Map.of("Content-Type", "text/plain")), 415, "08P01");
        error(send("POST", "/api/v1/sql", "", json), 400, "08P01");
        error(send("GET", "/api/v1/sql", null, Map.of()), 405, "0A000");
        error(send("PUT", "/api/v1/jobs", "{}", json), 405, "0A000");
        error(get("/api/v1/no-such-route"), 404, "42704");
        error(get("/api/v1/jobs/nope"), 404, "42704");
        error(get("/api/v1/jobs/nope/metrics"), 404, "42704");
        error(send("DELETE", "/api/v1/jobs/nope", null, Map.of()), 404, "42704");
        error(get("/api/v1/views/nope"), 404, "42P01");
        error(get("/no-such-file.js"), 404, "42704");
        error(get("/%2e%2e/pom.xml"), 404, "42704");
        // a body over the limit is refused before it is read whole
        Reply tooLarge = send("POST", "/api/v1/sql", "{\"sql\": \"" + "x".repeat(RestApi.MAX_BODY_BYTES + 10) + "\"}", json);
        assertThat(tooLarge.status()).isEqualTo(413);
        // the server still answers
        assertThat(get("/api/v1/overview").status()).isEqualTo(200);
    }

    @Test
    void jobsShowTheirGraphSubtasksAndMetrics() throws Exception {
        sql("CREATE TABLE t (k int PRIMARY KEY, g int); CREATE TABLE d (g int PRIMARY KEY, label text);"
                + " CREATE MATERIALIZED VIEW j WITH (parallelism = 2) AS SELECT d.label, count(*) AS n FROM t JOIN d ON t.g = d.g GROUP BY d.label;"
                + " INSERT INTO d VALUES (0, 'zero'), (1, 'one');"
                + " INSERT INTO t SELECT k, k % 2 FROM generate_series(1, 100) AS s(k)");
        JsonNode jobs = get("/api/v1/jobs").json().get("jobs");
        assertThat(jobs).hasSize(1);
        JsonNode job = jobs.get(0);
        assertThat(job.get("id").asText()).isEqualTo("j");
        assertThat(job.get("kind").asText()).isEqualTo("view");
        assertThat(job.get("status").asText()).isEqualTo("RUNNING");
        assertThat(job.get("parallelism").asInt()).isEqualTo(2);
        assertThat(job.get("failure").isNull()).isTrue();

        JsonNode detail = get("/api/v1/jobs/j").json();
        JsonNode vertices = detail.get("graph").get("vertices");
        JsonNode edges = detail.get("graph").get("edges");
        assertThat(vertices.size()).isEqualTo(job.get("vertices").asInt()).isGreaterThanOrEqualTo(5);
        assertThat(edges.size()).isGreaterThanOrEqualTo(vertices.size() - 1);
        List<String> names = new ArrayList<>();
        long sourceRows = 0;
        for (JsonNode vertex : vertices) {
            names.add(vertex.get("name").asText());
            assertThat(vertex.get("subtasks")).hasSize(vertex.get("parallelism").asInt());
            assertThat(vertex.get("subtasks").get(0).get("taskmanager").asText()).isEqualTo("taskmanager-1");
            assertThat(vertex.get("description").asText()).contains("delta rule");
            if (vertex.get("name").asText().equals("Source t")) {
                sourceRows = vertex.get("metrics").get("rows_in").asLong();
            }
            // durable state: RocksDB knows its size
            assertThat(vertex.get("metrics").get("state_bytes").isNumber()).as(vertex.toString()).isTrue();
        }
        assertThat(names).contains("Source t", "Source d", "Sink");
        assertThat(sourceRows).isEqualTo(100);
        assertThat(edges.toString()).contains("hash(");

        JsonNode metrics = get("/api/v1/jobs/j/metrics").json();
        assertThat(metrics.get("vertices")).hasSize(vertices.size());
        assertThat(metrics.get("vertices").get(0).get("metrics").has("back_pressure")).isTrue();
        assertThat(metrics.get("vertices").get(0).get("metrics").get("epoch_lag").asInt()).isZero();

        // a view's job stops only with DROP
        error(send("DELETE", "/api/v1/jobs/j", null, Map.of()), 409, "55006");
        sql("DROP MATERIALIZED VIEW j");
        assertThat(get("/api/v1/jobs").json().get("jobs")).isEmpty();
    }

    @Test
    void aRunningStatementCanBeCancelledOverRest() throws Exception {
        sql("CREATE TABLE t (k int); INSERT INTO t SELECT * FROM generate_series(1, 400)");
        CompletableFuture<Reply> query = CompletableFuture.supplyAsync(() -> {
            try {
                return sql("SELECT count(*) FROM t a, t b, t c WHERE a.k + b.k + c.k > 0");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        String id = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (id == null && !query.isDone() && System.nanoTime() < deadline) {
            for (JsonNode job : get("/api/v1/jobs").json().get("jobs")) {
                if (job.get("kind").asText().equals("query")) {
                    id = job.get("id").asText();
                    assertThat(job.get("sql").asText()).contains("FROM t a, t b, t c");
                }
            }
        }
        assertThat(id).as("the statement is listed while it runs").isNotNull();
        Reply cancelled = send("DELETE", "/api/v1/jobs/" + id, null, Map.of());
        assertThat(cancelled.status()).isEqualTo(202);
        assertThat(cancelled.json().get("cancelled").asBoolean()).isTrue();
        error(query.get(20, TimeUnit.SECONDS), 409, "57014");
    }

    @Test
    void checkpointsTaskManagersViewsAndOverview() throws Exception {
        sql("CREATE TABLE t (k int PRIMARY KEY); CREATE MATERIALIZED VIEW c WITH (freshness = '1s') AS SELECT count(*) AS n FROM t;"
                + " INSERT INTO t VALUES (1), (2)");
        engine.checkpoint();
        JsonNode checkpoints = get("/api/v1/checkpoints").json();
        assertThat(checkpoints.get("retained").asInt()).isEqualTo(2);
        assertThat(checkpoints.get("storage").asText()).startsWith("file:");
        JsonNode newest = checkpoints.get("checkpoints").get(0);
        assertThat(newest.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(newest.get("duration_ms").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(newest.get("snapshot_bytes").asLong()).isGreaterThan(0);
        assertThat(newest.get("state_uploaded_bytes").asLong() + newest.get("state_reused_bytes").asLong()).isGreaterThan(0);
        assertThat(newest.get("epoch").asLong()).isEqualTo(engine.visibleEpoch());

        JsonNode taskManager = get("/api/v1/taskmanagers").json().get("taskmanagers").get(0);
        assertThat(taskManager.get("slots").asInt()).isEqualTo(EngineConfig.defaults().slots());
        assertThat(taskManager.get("subtasks").asInt()).isGreaterThan(0);
        assertThat(taskManager.get("status").asText()).isEqualTo("RUNNING");

        JsonNode view = get("/api/v1/views").json().get("views").get(0);
        assertThat(view.get("name").asText()).isEqualTo("c");
        assertThat(view.get("freshness_target_ms").asLong()).isEqualTo(1000);
        assertThat(view.get("lag_ms").asLong()).isZero();
        assertThat(view.get("healthy").asBoolean()).isTrue();
        assertThat(view.get("degraded_reason").isNull()).isTrue();
        assertThat(view.get("slo_compliance").asDouble()).isEqualTo(1.0);
        // the sampler records the lag once a second
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        JsonNode detail = get("/api/v1/views/c").json();
        while (detail.get("history").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            detail = get("/api/v1/views/c").json();
        }
        assertThat(detail.get("history").get(0).get("lag_ms").asLong()).isZero();
        assertThat(detail.get("sql").asText()).isEqualTo("SELECT count(*) AS n FROM t");

        JsonNode overview = get("/api/v1/overview").json();
        assertThat(overview.get("health").asText()).isEqualTo("ok");
        assertThat(overview.get("jobs_running").asInt()).isEqualTo(1);
        assertThat(overview.get("views").asInt()).isEqualTo(1);
        assertThat(overview.get("epoch").asLong()).isEqualTo(engine.visibleEpoch());
        assertThat(overview.get("last_checkpoint").get("id").asLong()).isEqualTo(newest.get("id").asLong());
    }

    @Test
    void prometheusMetricsAreWellFormed() throws Exception {
        sql("CREATE TABLE t (k int PRIMARY KEY); CREATE MATERIALIZED VIEW \"odd\"\"name\" AS SELECT count(*) AS n FROM t;"
                + " INSERT INTO t VALUES (1)");
        Reply reply = get("/metrics");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("text/plain; version=0.0.4");
        java.util.regex.Pattern sample = java.util.regex.Pattern.compile(
                "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\.)*\",?)*})? -?[0-9.eE+-]+");
        Set<String> families = new TreeSet<>();
        String lastFamily = null;
        for (String line : reply.body().split("\n")) {
            if (line.startsWith("# TYPE ")) {
                lastFamily = line.split(" ")[2];
                assertThat(families.add(lastFamily)).as("one block per family: " + lastFamily).isTrue();
            } else if (!line.startsWith("# HELP ")) {
                assertThat(line).matches(sample);
                assertThat(line).startsWith(lastFamily);
            }
        }
        assertThat(reply.body()).contains("rockstream_vertex_rows_in_total{job=\"odd\\\"name\",vertex=\"1\",operator=\"Source t\"} 1")
                .contains("rockstream_jobs{kind=\"view\",status=\"RUNNING\"} 1")
                .contains("rockstream_view_healthy{view=\"odd\\\"name\"} 1")
                .contains("rockstream_view_placements_total{how=\"restored\"} 0")
                .contains("rockstream_view_placements_total{how=\"rebuilt\"} 0")
                .contains("rockstream_view_moves_total 0");
    }

    @Test
    void theWebUiIsServedAtTheRoot() throws Exception {
        Reply index = get("/");
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.contentType()).startsWith("text/html");
        assertThat(index.body()).containsIgnoringCase("<!doctype html>").contains("RockStream");
        assertThat(send("HEAD", "/", null, Map.of()).status()).isEqualTo(200);
    }

    @Test
    void aTokenGuardsTheApiButNotTheDocumentOrTheUi() throws Exception {
        server.close();
        server = RestServer.start(engine, RestConfig.loopback(0).withToken("s3cret"));
        JsonNode refused = error(get("/api/v1/overview"), 401, "28000");
        assertThat(refused.get("message").asText()).contains("Bearer");
        error(send("GET", "/api/v1/jobs", null, Map.of("Authorization", "Bearer wrong")), 401, "28000");
        error(send("GET", "/metrics", null, Map.of("Authorization", "Basic czNjcmV0")), 401, "28000");
        error(sql("SELECT 1"), 401, "28000");
        assertThat(send("GET", "/api/v1/overview", null, Map.of("Authorization", "Bearer s3cret")).status()).isEqualTo(200);
        assertThat(send("GET", "/metrics", null, Map.of("Authorization", "bearer s3cret")).status()).isEqualTo(200);
        assertThat(get("/api/v1/openapi.json").status()).isEqualTo(200);
        assertThat(get("/").status()).isEqualTo(200);
    }

    @Test
    void listeningBeyondLoopbackAlwaysNeedsAToken() throws Exception {
        try (RestServer open = RestServer.start(engine, RestConfig.loopback(0).withHost("0.0.0.0"))) {
            assertThat(open.token()).isPresent();
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + open.port() + "/api/v1/overview")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(401);
            HttpResponse<String> allowed = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + open.port() + "/api/v1/overview"))
                    .header("Authorization", "Bearer " + open.token().get()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(allowed.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aBusyPortIsAClearError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RestServer.start(engine,
                RestConfig.loopback(server.port())))
                .isInstanceOfSatisfying(io.rockstream.jobgraph.error.RockStreamException.class,
                        e -> assertThat(e.sqlState()).isEqualTo("58030"))
                .hasMessageContaining("cannot listen for HTTP on 127.0.0.1:" + server.port());
    }

    @Test
    void aSessionOfTheSameEngineSeesWhatRestCreated() throws Exception {
        sql("CREATE TABLE r (k int); INSERT INTO r VALUES (7)");
        try (SqlSession session = engine.openSession()) {
            io.rockstream.jobmanager.StatementResult.Rows rows =
                    (io.rockstream.jobmanager.StatementResult.Rows) session.execute("SELECT k FROM r").get(0);
            assertThat(rows.rows()).hasSize(1);
            assertThat(rows.rows().get(0).get(0)).isEqualTo(7);
        }
    }
}
