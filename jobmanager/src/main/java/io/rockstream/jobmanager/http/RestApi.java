package io.rockstream.jobmanager.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rockstream.compiler.ast.Statement;
import io.rockstream.compiler.parser.SqlParser;
import io.rockstream.compiler.planner.Explainer;
import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.graph.JobEdge;
import io.rockstream.jobgraph.row.Column;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobmanager.Engine;
import io.rockstream.jobmanager.SqlSession;
import io.rockstream.jobmanager.StatementResult;
import io.rockstream.jobmanager.durability.Durability;
import io.rockstream.jobmanager.monitor.Monitor;
import io.rockstream.taskmanager.expr.PgText;
import io.rockstream.taskmanager.runtime.TaskManagerGateway;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The routes of the REST API under {@code /api/v1} and {@code /metrics}, independent of the
 * HTTP transport: a request (method, path, body) in, a response (status, content type, body)
 * out. Every failure is a JSON error body with a SQLSTATE, never a stack trace. The routes
 * are exactly those of {@code openapi.json} (a test checks both ways).
 */
public final class RestApi {
    static final String OPENAPI_RESOURCE = "/io/rockstream/jobmanager/http/openapi.json";
    /** The most SQL text one request may carry. */
    static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    private static final int DEFAULT_MAX_ROWS = 10_000;

    private final Engine engine;
    private final ObjectMapper json = new ObjectMapper();
    private final List<Route> routes = new ArrayList<>();

    /** A request as the API sees it. */
    public record Request(String method, String path, byte[] body, String contentType) {
    }

    /** A response: status, content type and body. */
    public record Response(int status, String contentType, byte[] body) {
        static Response json(int status, JsonNode node) {
            return new Response(status, "application/json; charset=utf-8", node.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** One route: its method and path template ({@code {name}} segments match one path segment). */
    public record Route(String method, String template, Pattern pattern, Handler handler) {
    }

    @FunctionalInterface
    interface Handler {
        Response handle(Request request, Matcher path) throws Exception;
    }

    RestApi(Engine engine) {
        this.engine = engine;
        add("GET", "/api/v1/overview", (request, path) -> ok(overview()));
        add("POST", "/api/v1/sql", (request, path) -> sql(request));
        add("GET", "/api/v1/jobs", (request, path) -> ok(json.createObjectNode().set("jobs", jobs())));
        add("GET", "/api/v1/jobs/{id}", (request, path) -> job(path.group(1)));
        add("DELETE", "/api/v1/jobs/{id}", (request, path) -> cancel(path.group(1)));
        add("GET", "/api/v1/jobs/{id}/metrics", (request, path) -> jobMetrics(path.group(1)));
        add("GET", "/api/v1/checkpoints", (request, path) -> ok(checkpoints()));
        add("GET", "/api/v1/taskmanagers", (request, path) -> ok(json.createObjectNode().set("taskmanagers",
                taskManagers())));
        add("GET", "/api/v1/views", (request, path) -> ok(json.createObjectNode().set("views", views())));
        add("GET", "/api/v1/views/{name}", (request, path) -> view(path.group(1)));
        add("GET", "/api/v1/openapi.json", (request, path) -> new Response(200, "application/json; charset=utf-8",
                openApi()));
        add("GET", "/metrics", (request, path) -> new Response(200, "text/plain; version=0.0.4; charset=utf-8",
                new PrometheusText(engine).render().getBytes(StandardCharsets.UTF_8)));
    }

    private void add(String method, String template, Handler handler) {
        String regex = template.replaceAll("\\{[^/]+}", "([^/]+)");
        routes.add(new Route(method, template, Pattern.compile(regex), handler));
    }

    /** Every route, as (method, template). */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /** True when {@code path} is served by the API (as opposed to the web UI's files). */
    boolean serves(String path) {
        return path.startsWith("/api/") || path.equals("/metrics");
    }

    /** True when the route needs the token (when there is one). */
    boolean protectedPath(String path) {
        return serves(path) && !path.equals("/api/v1/openapi.json");
    }

    Response handle(Request request) {
        String path = decode(request.path());
        boolean pathMatched = false;
        for (Route route : routes) {
            Matcher matcher = route.pattern().matcher(path);
            if (!matcher.matches()) {
                continue;
            }
            pathMatched = true;
            if (!route.method().equals(request.method())) {
                continue;
            }
            try {
                return route.handler().handle(request, matcher);
            } catch (RockStreamException error) {
                return error(statusOf(error), error, null, List.of());
            } catch (Exception | StackOverflowError failure) {
                org.slf4j.LoggerFactory.getLogger(RestApi.class).error("{} {} failed", request.method(), path, failure);
                return error(500, RockStreamException.internal("internal error: " + failure, failure), null, List.of());
            }
        }
        if (pathMatched) {
            return error(405, RockStreamException.of(ErrorCode.FEATURE_NOT_SUPPORTED, "method %s is not allowed on %s",
                    request.method(), path), null, List.of());
        }
        return error(404, RockStreamException.of(ErrorCode.UNDEFINED_OBJECT, "no such route: %s %s", request.method(),
                path), null, List.of());
    }

    private static String decode(String path) {
        int query = path.indexOf('?');
        String bare = query < 0 ? path : path.substring(0, query);
        return java.net.URLDecoder.decode(bare.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ SQL

    private Response sql(Request request) throws java.io.IOException {
        if (request.contentType() == null || !request.contentType().toLowerCase(java.util.Locale.ROOT)
                .startsWith("application/json")) {
            return error(415, RockStreamException.of(ErrorCode.PROTOCOL_VIOLATION,
                    "the body must be JSON (Content-Type: application/json), e.g. {\"sql\": \"SELECT 1\"}"), null, List.of());
        }
        JsonNode body;
        try {
            body = json.readTree(request.body());
        } catch (JsonProcessingException malformed) {
            return error(400, RockStreamException.of(ErrorCode.PROTOCOL_VIOLATION, "malformed JSON: %s",
                    malformed.getOriginalMessage()), null, List.of());
        }
        if (body == null || !body.isObject() || !body.path("sql").isTextual()) {
            return error(400, RockStreamException.of(ErrorCode.PROTOCOL_VIOLATION,
                    "the body must be a JSON object with a string \"sql\", e.g. {\"sql\": \"SELECT 1\"}"), null, List.of());
        }
        int maxRows = DEFAULT_MAX_ROWS;
        if (body.has("max_rows")) {
            if (!body.get("max_rows").canConvertToInt() || body.get("max_rows").asInt() < 0) {
                return error(400, RockStreamException.of(ErrorCode.PROTOCOL_VIOLATION,
                        "\"max_rows\" must be a non-negative integer"), null, List.of());
            }
            maxRows = body.get("max_rows").asInt();
        }
        String sql = body.get("sql").asText();
        long started = System.nanoTime();
        List<Statement> statements;
        try {
            statements = SqlParser.parse(sql);
        } catch (RockStreamException syntax) {
            throw connectionStatement(sql, syntax);
        }
        ArrayNode results = json.createArrayNode();
        List<JsonNode> done = new ArrayList<>();
        boolean inTransaction = false;
        try (SqlSession session = engine.openSession()) {
            for (int i = 0; i < statements.size(); i++) {
                int start = statements.get(i).position().offset();
                int end = i + 1 < statements.size() ? statements.get(i + 1).position().offset() : -1;
                int from = start < 0 ? 0 : sql.offsetByCodePoints(0, start);
                int to = end < 0 ? sql.length() : sql.offsetByCodePoints(0, end);
                String text = sql.substring(from, to);
                List<StatementResult> ran;
                try {
                    ran = session.execute(text);
                } catch (RockStreamException error) {
                    RockStreamException placed = error;
                    if (error.hasPosition()) {
                        int absolute = Math.max(start, 0) + error.position();
                        placed = reposition(error, sql, absolute);
                    }
                    if (inTransaction) {
                        placed = placed.withDetail((placed.detail() == null ? "" : placed.detail() + " ")
                                + "The open transaction block was rolled back.");
                    }
                    return error(statusOf(error), placed, i, done);
                }
                for (StatementResult result : ran) {
                    JsonNode node = result(result, text.strip(), maxRows);
                    results.add(node);
                    done.add(node);
                    String tag = node.path("tag").asText();
                    if (tag.equals("BEGIN")) {
                        inTransaction = true;
                    } else if (tag.equals("COMMIT") || tag.equals("ROLLBACK")) {
                        inTransaction = false;
                    }
                }
            }
        }
        if (inTransaction) {
            // each request is its own session: what it leaves open ends with it, as a closed connection's does
            return error(400, RockStreamException.of(ErrorCode.INVALID_TRANSACTION_STATE,
                    "the script ended inside a transaction block: its changes were rolled back")
                    .withHint("End the transaction with COMMIT in the same request."), statements.size() - 1, done);
        }
        ObjectNode response = json.createObjectNode();
        response.set("results", results);
        response.put("elapsed_ms", (System.nanoTime() - started) / 1e6);
        return ok(response);
    }

    /** Statements that live in a Postgres connection, which a REST request is not. */
    private static final java.util.Set<String> CONNECTION_STATEMENTS = java.util.Set.of("COPY", "SUBSCRIBE", "DECLARE",
            "FETCH", "MOVE", "CLOSE", "LISTEN", "NOTIFY", "PREPARE", "EXECUTE", "DEALLOCATE");

    /**
     * A syntax error at the first word of a statement the Postgres gateway runs itself
     * (COPY, SUBSCRIBE, cursors) becomes 0A000 naming it; others stay as they are.
     */
    private static RockStreamException connectionStatement(String sql, RockStreamException syntax) {
        if (syntax.code() != ErrorCode.SYNTAX_ERROR || !syntax.hasPosition()) {
            return syntax;
        }
        int from = sql.offsetByCodePoints(0, Math.min(syntax.position() - 1, sql.codePointCount(0, sql.length())));
        Matcher word = Pattern.compile("[A-Za-z]+").matcher(sql).region(from, sql.length());
        if (!word.lookingAt()) {
            return syntax;
        }
        String keyword = word.group().toUpperCase(java.util.Locale.ROOT);
        if (!CONNECTION_STATEMENTS.contains(keyword)) {
            return syntax;
        }
        return RockStreamException.of(ErrorCode.FEATURE_NOT_SUPPORTED, "%s is not supported over the REST API", keyword)
                .at(syntax.position(), syntax.line(), syntax.column())
                .withHint("COPY, SUBSCRIBE and cursors live in a Postgres connection: use psql or a Postgres driver"
                        + " on port 6875.");
    }

    /** The error at 1-based code-point position {@code position} of {@code sql}, with its line and column. */
    private static RockStreamException reposition(RockStreamException error, String sql, int position) {
        int line = 1;
        int column = 1;
        int index = 0;
        for (int offset = 0; offset < sql.length() && index < position - 1; index++) {
            int codePoint = sql.codePointAt(offset);
            if (codePoint == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
            offset += Character.charCount(codePoint);
        }
        RockStreamException placed = RockStreamException.of(error.code(), error.getMessage()).at(position, line, column);
        if (error.detail() != null) {
            placed = placed.withDetail(error.detail());
        }
        if (error.hint() != null) {
            placed = placed.withHint(error.hint());
        }
        return placed;
    }

    private ObjectNode result(StatementResult result, String statement, int maxRows) {
        ObjectNode node = json.createObjectNode();
        node.put("statement", statement);
        if (result instanceof StatementResult.Rows rows) {
            node.put("kind", "rows");
            ArrayNode columns = node.putArray("columns");
            for (Column column : rows.columns()) {
                columns.addObject().put("name", column.name()).put("type", column.type().sqlName());
            }
            ArrayNode values = node.putArray("rows");
            int shown = Math.min(rows.rows().size(), maxRows);
            for (int r = 0; r < shown; r++) {
                Row row = rows.rows().get(r);
                ArrayNode out = values.addArray();
                for (int c = 0; c < rows.columns().size(); c++) {
                    Object value = row.get(c);
                    if (value == null) {
                        out.addNull();
                    } else {
                        out.add(PgText.format(value, rows.columns().get(c).type()));
                    }
                }
            }
            node.put("row_count", rows.rows().size());
            node.put("truncated", rows.rows().size() > shown);
            node.put("tag", "SELECT " + rows.rows().size());
        } else if (result instanceof StatementResult.Command command) {
            node.put("kind", "command");
            node.put("tag", command.completionTag());
            if (command.rowCount() >= 0) {
                node.put("row_count", command.rowCount());
            }
        }
        return node;
    }

    // ------------------------------------------------------------------ jobs

    private ArrayNode jobs() {
        ArrayNode list = json.createArrayNode();
        long epoch = engine.visibleEpoch();
        for (Monitor.Job job : engine.monitor().jobs()) {
            list.add(job(job, epoch));
        }
        return list;
    }

    private ObjectNode job(Monitor.Job job, long epoch) {
        ObjectNode node = json.createObjectNode();
        node.put("id", job.id());
        node.put("name", job.name());
        node.put("kind", job.kind());
        node.put("status", job.status());
        node.put("sql", job.sql());
        node.put("started_at", job.started().toString());
        node.put("parallelism", job.parallelism());
        node.put("taskmanager", engine.clusterJobs().host(job.graph().id()).orElse(engine.taskManagerStatus().id()));
        node.put("vertices", job.graph().vertices().size());
        node.put("epoch", epoch);
        if (job.failure() == null) {
            node.putNull("failure");
        } else {
            node.putObject("failure").put("sqlstate", job.failure().sqlState()).put("message", job.failure().getMessage());
        }
        return node;
    }

    private Response job(String id) {
        Optional<Monitor.Job> found = engine.monitor().job(id);
        if (found.isEmpty()) {
            return noSuchJob(id);
        }
        Monitor.Job job = found.get();
        ObjectNode node = job(job, engine.visibleEpoch());
        ObjectNode graph = node.putObject("graph");
        ArrayNode vertices = graph.putArray("vertices");
        String taskManager = engine.taskManagerStatus().id();
        for (Monitor.VertexMetrics vertex : engine.monitor().metrics(job)) {
            ObjectNode out = vertices.addObject();
            out.put("id", vertex.vertex().id().value());
            out.put("name", vertex.vertex().name());
            out.put("description", String.join("\n", Explainer.describeVertex(vertex.vertex())));
            out.put("parallelism", vertex.vertex().parallelism());
            out.set("metrics", metrics(vertex.metrics()));
            ArrayNode subtasks = out.putArray("subtasks");
            for (int index = 0; index < vertex.subtasks().size(); index++) {
                subtasks.addObject().put("index", index).put("taskmanager", taskManager)
                        .set("metrics", metrics(vertex.subtasks().get(index)));
            }
        }
        ArrayNode edges = graph.putArray("edges");
        for (JobEdge edge : job.graph().edges()) {
            edges.addObject().put("source", edge.source().value()).put("target", edge.target().value())
                    .put("input", edge.targetInput())
                    .put("partitioning", Explainer.describePartitioning(edge.partitioning(),
                            job.graph().vertex(edge.source())));
        }
        return ok(node);
    }

    private Response jobMetrics(String id) {
        Optional<Monitor.Job> found = engine.monitor().job(id);
        if (found.isEmpty()) {
            return noSuchJob(id);
        }
        ObjectNode node = json.createObjectNode();
        node.put("id", id);
        node.put("timestamp", Instant.now().toString());
        ArrayNode vertices = node.putArray("vertices");
        for (Monitor.VertexMetrics vertex : engine.monitor().metrics(found.get())) {
            vertices.addObject().put("id", vertex.vertex().id().value()).set("metrics", metrics(vertex.metrics()));
        }
        return ok(node);
    }

    private ObjectNode metrics(Monitor.Metrics metrics) {
        ObjectNode node = json.createObjectNode();
        node.put("rows_in", metrics.rowsIn());
        node.put("rows_out", metrics.rowsOut());
        node.put("rows_in_per_second", round(metrics.rowsInPerSecond()));
        node.put("rows_out_per_second", round(metrics.rowsOutPerSecond()));
        node.put("busy_ratio", round(metrics.busyRatio()));
        node.put("queued_messages", metrics.queuedMessages());
        node.put("back_pressure", round(metrics.backPressure()));
        node.put("back_pressured", metrics.backPressured());
        node.put("epoch_lag", metrics.epochLag());
        if (metrics.stateBytes() < 0) {
            node.putNull("state_bytes");
        } else {
            node.put("state_bytes", metrics.stateBytes());
        }
        return node;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private Response cancel(String id) {
        Optional<Monitor.Job> found = engine.monitor().job(id);
        if (found.isEmpty()) {
            return noSuchJob(id);
        }
        if (found.get().kind().equals("view")) {
            return error(409, RockStreamException.of(ErrorCode.OBJECT_IN_USE,
                    "job \"%s\" maintains materialized view \"%s\": it stops only with DROP MATERIALIZED VIEW", id, id)
                    .withHint("DROP MATERIALIZED VIEW " + id + " through POST /api/v1/sql ends it and deletes its state."),
                    null, List.of());
        }
        if (!engine.monitor().cancelQuery(id)) {
            return noSuchJob(id);
        }
        ObjectNode node = json.createObjectNode().put("id", id).put("cancelled", true);
        return Response.json(202, node);
    }

    private Response noSuchJob(String id) {
        return error(404, RockStreamException.of(ErrorCode.UNDEFINED_OBJECT, "job \"%s\" does not exist (or has ended)",
                id), null, List.of());
    }

    // ------------------------------------------------------------------ the rest

    private ObjectNode overview() {
        ObjectNode node = json.createObjectNode();
        Instant started = engine.startedAt();
        node.put("version", Optional.ofNullable(RestApi.class.getPackage().getImplementationVersion()).orElse("dev"));
        node.put("started_at", started.toString());
        node.put("uptime_seconds", Duration.between(started, Instant.now()).toSeconds());
        node.put("epoch", engine.visibleEpoch());
        node.put("storage", engine.storageLocation());
        List<Monitor.Job> jobs = engine.monitor().jobs();
        node.put("jobs_running", jobs.stream().filter(job -> job.status().equals("RUNNING")).count());
        node.put("jobs_failed", jobs.stream().filter(job -> job.status().equals("FAILED")).count());
        TaskManagerGateway.TaskManagerStatus taskManager = engine.taskManagerStatus();
        node.put("taskmanagers", 1 + engine.remoteTaskManagers().size());
        node.put("slots", taskManager.slots());
        node.put("slots_used", taskManager.busySlots());
        List<Monitor.ViewHealth> views = engine.monitor().views(engine.storageFailure());
        node.put("views", views.size());
        ArrayNode reasons = json.createArrayNode();
        String storage = engine.storageFailure();
        if (storage != null) {
            reasons.add("storage failed, writes are stopped: " + storage);
        }
        for (Monitor.ViewHealth view : views) {
            if (!view.healthy() && storage == null) {
                reasons.add("view " + view.name() + ": " + view.degradedReason());
            }
        }
        node.put("views_degraded", views.stream().filter(view -> !view.healthy()).count());
        node.put("views_placed_again", engine.relocations());
        node.put("views_restored", engine.restores());
        node.put("views_rescaled_from_checkpoints", engine.rescalesFromCheckpoints());
        node.put("views_moved_to_balance", engine.viewMoves());
        node.put("health", reasons.isEmpty() ? "ok" : "degraded");
        node.set("degraded_reasons", reasons);
        List<Durability.CheckpointRecord> checkpoints = engine.checkpointHistory();
        Optional<Durability.CheckpointRecord> last = checkpoints.stream()
                .filter(checkpoint -> !checkpoint.status().equals("IN_PROGRESS")).findFirst();
        if (last.isPresent()) {
            node.set("last_checkpoint", checkpoint(last.get()));
        } else {
            node.putNull("last_checkpoint");
        }
        return node;
    }

    private ObjectNode checkpoints() {
        ObjectNode node = json.createObjectNode();
        node.put("storage", engine.storageLocation());
        node.put("retained", engine.retainedCheckpoints());
        ArrayNode list = node.putArray("checkpoints");
        engine.checkpointHistory().forEach(checkpoint -> list.add(checkpoint(checkpoint)));
        return node;
    }

    private ObjectNode checkpoint(Durability.CheckpointRecord checkpoint) {
        ObjectNode node = json.createObjectNode();
        node.put("id", checkpoint.id());
        node.put("epoch", checkpoint.epoch());
        node.put("status", checkpoint.status());
        node.put("started_at", checkpoint.started().toString());
        node.put("duration_ms", checkpoint.millis());
        node.put("snapshot_bytes", checkpoint.snapshotBytes());
        node.put("state_uploaded_bytes", checkpoint.stateUploadedBytes());
        node.put("state_reused_bytes", checkpoint.stateReusedBytes());
        node.put("error", checkpoint.error());
        return node;
    }

    private ArrayNode taskManagers() {
        ArrayNode list = json.createArrayNode().add(taskManager());
        Map<String, Integer> subtasks = engine.clusterJobs().subtasks();
        Map<String, List<io.rockstream.jobgraph.graph.JobId>> placement = engine.clusterJobs().placement();
        for (io.rockstream.jobmanager.cluster.ControlServer.RemoteTaskManager remote : engine.remoteTaskManagers()) {
            ObjectNode node = list.addObject().put("id", remote.id()).put("address", remote.address())
                    .put("status", "RUNNING").put("slots", remote.slots()).put("slots_used", remote.slotsUsed())
                    .put("subtasks", subtasks.getOrDefault(remote.id(), 0))
                    .put("last_heartbeat_ms", remote.millisSinceHeartbeat()).put("incarnation", remote.incarnation());
            ArrayNode jobs = node.putArray("jobs");
            placement.getOrDefault(remote.id(), List.of()).stream().map(job -> job.value()).sorted().forEach(jobs::add);
        }
        return list;
    }

    private ObjectNode taskManager() {
        TaskManagerGateway.TaskManagerStatus status = engine.taskManagerStatus();
        Runtime runtime = Runtime.getRuntime();
        return json.createObjectNode().put("id", status.id()).put("address", status.address()).put("status", "RUNNING")
                .put("slots", status.slots()).put("slots_used", status.busySlots()).put("subtasks", status.subtasks())
                .put("last_heartbeat_ms", 0).put("heap_used_bytes", runtime.totalMemory() - runtime.freeMemory())
                .put("heap_max_bytes", runtime.maxMemory());
    }

    private ArrayNode views() {
        ArrayNode list = json.createArrayNode();
        for (Monitor.ViewHealth view : engine.monitor().views(engine.storageFailure())) {
            list.add(view(view));
        }
        return list;
    }

    private ObjectNode view(Monitor.ViewHealth view) {
        ObjectNode node = json.createObjectNode();
        node.put("name", view.name());
        node.put("job_id", view.name());
        node.put("sql", view.sql());
        node.put("epoch", view.epoch());
        node.put("lag_ms", view.lagMillis());
        node.put("epoch_lag", view.epochLag());
        node.put("freshness_target_ms", view.targetMillis());
        node.put("slo_compliance", view.sloCompliance() == null ? null : round(view.sloCompliance()));
        node.put("slo_window_seconds", Monitor.SLO_WINDOW_SECONDS);
        node.put("healthy", view.healthy());
        node.put("degraded_reason", view.degradedReason());
        return node;
    }

    private Response view(String name) {
        Optional<Monitor.ViewHealth> found = engine.monitor().views(engine.storageFailure()).stream()
                .filter(view -> view.name().equals(name)).findFirst();
        if (found.isEmpty()) {
            return error(404, RockStreamException.of(ErrorCode.UNDEFINED_TABLE,
                    "materialized view \"%s\" does not exist", name), null, List.of());
        }
        ObjectNode node = view(found.get());
        ArrayNode history = node.putArray("history");
        for (Monitor.LagSample sample : engine.monitor().history(name)) {
            history.addObject().put("time", sample.time().toString()).put("lag_ms", sample.lagMillis());
        }
        return ok(node);
    }

    private static byte[] openApi() throws java.io.IOException {
        try (java.io.InputStream in = RestApi.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new java.io.FileNotFoundException(OPENAPI_RESOURCE);
            }
            return in.readAllBytes();
        }
    }

    // ------------------------------------------------------------------ errors

    private static Response ok(JsonNode node) {
        return Response.json(200, node);
    }

    /** A client's mistake is a 4xx; the server's own failure (XX000, 58030 ...) a 5xx. */
    static int statusOf(RockStreamException error) {
        String state = error.sqlState();
        if (state.equals("57014")) {
            return 409;
        }
        if (state.startsWith("XX") || state.startsWith("58") || state.startsWith("53")) {
            return 500;
        }
        if (state.startsWith("28")) {
            return 401;
        }
        return 400;
    }

    Response error(int status, RockStreamException error, Integer statement, List<JsonNode> results) {
        ObjectNode body = json.createObjectNode();
        ObjectNode node = body.putObject("error");
        node.put("sqlstate", error.sqlState());
        node.put("message", error.getMessage());
        if (error.hasPosition()) {
            node.put("position", error.position());
            node.put("line", error.line());
            node.put("column", error.column());
        } else {
            node.putNull("position");
        }
        if (error.detail() != null) {
            node.put("detail", error.detail());
        }
        if (error.hint() != null) {
            node.put("hint", error.hint());
        }
        if (statement != null) {
            node.put("statement", statement);
        }
        if (!results.isEmpty()) {
            body.putArray("results").addAll(results);
        }
        return Response.json(status, body);
    }
}
