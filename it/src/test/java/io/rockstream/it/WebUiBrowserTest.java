package io.rockstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobmanager.Engine;
import io.rockstream.jobmanager.EngineConfig;
import io.rockstream.jobmanager.SqlSession;
import io.rockstream.jobmanager.http.RestConfig;
import io.rockstream.jobmanager.http.RestServer;
import io.rockstream.statebackend.objectstore.LocalObjectStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The web UI in a real browser: headless Chromium (Debian's, installed when missing) driven by
 * Selenium against a {@link RestServer} over an engine with durable storage, so every page has
 * real jobs, checkpoints and views to show. Each test checks what the page shows against the
 * engine or the REST API, and saves a screenshot of the page in {@code target/screenshots/}
 * (the pictures in docs/web-ui.md come from there).
 */
class WebUiBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path work;

    private static Engine engine;
    private static RestServer server;
    private static WebUiBrowser browser;

    @BeforeAll
    static void start() {
        engine = Engine.start(EngineConfig.defaults()
                .withStorage(new LocalObjectStore(work.resolve("storage")))
                .withCheckpoints(50, 1_000, 10));
        server = RestServer.start(engine, RestConfig.loopback(0));
        browser = WebUiBrowser.start(work.resolve("chromium-profile"), Path.of("target", "screenshots"));
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            try {
                if (server != null) {
                    server.close();
                }
            } finally {
                if (engine != null) {
                    engine.close();
                }
            }
        }
    }

    @Test
    void theOverviewListsARunningJob() throws Exception {
        execute("CREATE TABLE orders (id bigint PRIMARY KEY, customer int, amount numeric(10,2))",
                "INSERT INTO orders VALUES (1, 7, 10.50), (2, 7, 4.25), (3, 9, 1.00)",
                "CREATE MATERIALIZED VIEW order_totals AS SELECT customer, count(*) AS orders, sum(amount) AS total"
                        + " FROM orders GROUP BY customer");
        JsonNode job = jobNamed("order_totals");

        browser.open(server.url() + "/#/");
        WebDriver driver = browser.driver();
        List<String> cells = browser.waitFor("the job order_totals in the jobs table", webDriver -> {
            List<WebElement> row = webDriver.findElements(By.cssSelector("tr.job-row[data-job-id='order_totals'] td"));
            return row.isEmpty() ? null : row.stream().map(WebElement::getText).toList();
        });

        assertThat(cells.get(0)).isEqualTo("order_totals");
        assertThat(cells.get(1)).isEqualTo("view");
        assertThat(cells.get(2)).isEqualTo("RUNNING");
        assertThat(cells.get(3)).isEqualTo(String.valueOf(job.get("parallelism").asInt()));
        assertThat(cells.get(4)).isEqualTo(String.valueOf(job.get("vertices").asInt()));
        assertThat(driver.findElement(By.id("overview-health")).getText()).containsAnyOf("Healthy", "Degraded");
        Integer taskManagers = browser.waitFor("the TaskManagers table", webDriver -> nonZero(webDriver.findElements(
                By.cssSelector(".taskmanagers-table tbody tr:not(.empty)")).size()));
        assertThat(taskManagers).isEqualTo(get("/api/v1/taskmanagers").get("taskmanagers").size());
        browser.screenshot("web-ui-overview");
    }

    @Test
    void theJobPageDrawsOneNodePerVertexAndItsFiguresFollowTheRows() throws Exception {
        execute("CREATE TABLE pages (path text PRIMARY KEY, section text)",
                "INSERT INTO pages VALUES ('/page/0', 'home'), ('/page/1', 'docs'), ('/page/2', 'docs'),"
                        + " ('/page/3', 'blog'), ('/page/4', 'blog'), ('/page/5', 'shop'), ('/page/6', 'shop')",
                "CREATE TABLE clicks (id bigint PRIMARY KEY, page text, millis int)",
                "CREATE MATERIALIZED VIEW section_hits AS SELECT p.section, count(*) AS hits, max(c.millis) AS slowest"
                        + " FROM clicks c JOIN pages p ON c.page = p.path WHERE c.millis >= 0 GROUP BY p.section");
        JsonNode job = get("/api/v1/jobs/section_hits");
        JsonNode vertices = job.get("graph").get("vertices");
        Set<String> vertexIds = new HashSet<>();
        vertices.forEach(vertex -> vertexIds.add(vertex.get("id").asText()));
        Set<String> targets = new HashSet<>();
        job.get("graph").get("edges").forEach(edge -> targets.add(edge.get("target").asText()));
        // The source the writer feeds: a vertex without inputs that reads clicks (the other one reads pages).
        String found = null;
        for (JsonNode vertex : vertices) {
            if (!targets.contains(vertex.get("id").asText()) && vertex.get("name").asText().contains("clicks")) {
                found = vertex.get("id").asText();
            }
        }
        assertThat(found).as("the source vertex of clicks in %s", vertices).isNotNull();
        String source = found;
        int subtasks = 0;
        for (JsonNode vertex : vertices) {
            subtasks += vertex.get("subtasks").size();
        }

        AtomicBoolean streaming = new AtomicBoolean(true);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        Future<?> inserts = writer.submit(() -> insertClicks(streaming));
        try {
            browser.open(server.url() + "/#/jobs/section_hits");
            List<WebElement> nodes = browser.waitFor("one SVG node per vertex", webDriver -> {
                List<WebElement> drawn = webDriver.findElements(By.cssSelector("svg.job-graph g.vertex"));
                return drawn.size() == vertexIds.size() ? drawn : null;
            });
            assertThat(nodes.stream().map(node -> node.getDomAttribute("data-vertex-id")).collect(Collectors.toSet()))
                    .isEqualTo(vertexIds);
            assertThat(browser.driver().findElements(By.cssSelector("svg.job-graph path.edge")))
                    .hasSize(job.get("graph").get("edges").size());

            String total = "g.vertex[data-vertex-id='" + source + "'] .v-rows-in-total";
            String first = browser.waitFor("the source's rows-in figure", webDriver -> {
                String text = svgText(webDriver, total);
                return text.matches("\u03a3 in [0-9,]+") ? text : null;
            });
            String later = browser.waitFor("the source's rows-in figure to change from " + first, webDriver -> {
                String text = svgText(webDriver, total);
                return text.matches("\u03a3 in [0-9,]+") && !text.equals(first) ? text : null;
            });
            assertThat(count(later)).isGreaterThan(count(first));
            String rate = browser.waitFor("a rows-in rate above zero", webDriver -> {
                String text = svgText(webDriver, "g.vertex[data-vertex-id='" + source + "'] .v-rows-in");
                return text.matches("in [1-9].*/s") ? text : null;
            });
            assertThat(rate).startsWith("in ");
            int expectedSubtasks = subtasks;
            Integer subtaskRows = browser.waitFor(subtasks + " rows in the subtasks table", webDriver -> {
                int rows = webDriver.findElements(By.cssSelector(".subtasks-table tbody tr:not(.empty)")).size();
                return rows == expectedSubtasks ? rows : null;
            });
            assertThat(subtaskRows).isPositive();
            browser.screenshot("web-ui-job");
        } finally {
            streaming.set(false);
            writer.shutdown();
            inserts.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aShallowGraphIsDrawnLeftToRightAndTurnsTopDownInANarrowWindow() {
        execute("CREATE TABLE payments (id bigint PRIMARY KEY, amount int)",
                "CREATE MATERIALIZED VIEW big_payments AS SELECT id, amount FROM payments WHERE amount > 100");
        browser.open(server.url() + "/#/jobs/big_payments");
        WebElement graph = browser.waitFor("the graph", webDriver -> webDriver.findElement(By.cssSelector("svg.job-graph")));
        assertThat(graph.getDomAttribute("data-orientation")).isEqualTo("left-right");
        try {
            browser.viewport(720, WebUiBrowser.WINDOW.getHeight());
            browser.waitFor("the graph to turn top down", webDriver -> webDriver.findElement(By.cssSelector("svg.job-graph"))
                    .getDomAttribute("data-orientation").equals("top-down"));
        } finally {
            browser.viewport(WebUiBrowser.WINDOW.getWidth(), WebUiBrowser.WINDOW.getHeight());
        }
        browser.waitFor("the graph to turn left to right again", webDriver -> webDriver.findElement(
                By.cssSelector("svg.job-graph")).getDomAttribute("data-orientation").equals("left-right"));
    }

    @Test
    void theSqlEditorCreatesAViewAndShowsItsRows() {
        browser.open(server.url() + "/#/sql");
        WebElement input = browser.driver().findElement(By.id("sql-input"));
        input.clear();
        input.sendKeys("CREATE TABLE sales (id int PRIMARY KEY, region text, amount int);\n"
                + "INSERT INTO sales VALUES (1, 'eu', 10), (2, 'us', 5), (3, 'eu', 7), (4, NULL, 1);\n"
                + "CREATE MATERIALIZED VIEW sales_by_region AS SELECT region, sum(amount) AS total, count(*) AS n\n"
                + "  FROM sales GROUP BY region;\n"
                + "SELECT region, total, n FROM sales_by_region ORDER BY region;");
        input.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));

        List<WebElement> results = browser.waitFor("four results", webDriver -> {
            List<WebElement> shown = webDriver.findElements(By.cssSelector("#sql-results .sql-result"));
            return shown.size() == 4 ? shown : null;
        });
        assertThat(results.subList(0, 3).stream().map(result -> result.findElement(By.className("command-tag")).getText()))
                .containsExactly("CREATE TABLE", "INSERT 0 4", "CREATE MATERIALIZED VIEW");
        WebElement table = results.get(3).findElement(By.className("result-table"));
        assertThat(table.findElements(By.cssSelector("thead .column-name")).stream().map(WebElement::getText))
                .containsExactly("region", "total", "n");
        assertThat(rows(table)).containsExactly(
                List.of("eu", "17", "2"),
                List.of("us", "5", "1"),
                List.of("NULL", "1", "1"));
        assertThat(table.findElement(By.cssSelector("tbody tr:last-child td")).getDomAttribute("class")).contains("null");
        assertThat(browser.driver().findElement(By.id("sql-status")).getText()).startsWith("4 statements");
        browser.screenshot("web-ui-sql");
    }

    @Test
    void textFromTheServerIsShownAsTextNeverAsMarkup() {
        String markup = "<img src=x onerror=\"window.injected = 1\"><b>bold</b>";
        browser.open(server.url() + "/#/sql");
        WebElement input = browser.driver().findElement(By.id("sql-input"));
        input.clear();
        input.sendKeys("SELECT '" + markup + "' AS \"<i>column</i>\"");
        browser.driver().findElement(By.id("sql-run")).click();

        WebElement table = browser.waitFor("the result", webDriver -> webDriver.findElement(By.className("result-table")));
        assertThat(rows(table)).containsExactly(List.of(markup));
        assertThat(table.findElement(By.cssSelector("thead .column-name")).getText()).isEqualTo("<i>column</i>");
        assertThat(browser.driver().findElements(By.cssSelector("#sql-results img, #sql-results b, #sql-results i"))).isEmpty();
        assertThat(browser.script("return window.injected === undefined;")).isEqualTo(true);
    }

    @Test
    void anErrorIsShownWithItsSqlStateAndPosition() throws Exception {
        // As in PostgreSQL, `*` takes no alias, so the error is at FRM: line 2, column 3.
        String sql = "SELECT *\n  FRM orders";
        JsonNode error = post("/api/v1/sql", sql).get("error");
        assertThat(error.get("sqlstate").asText()).isEqualTo("42601");
        int position = error.get("position").asInt();
        assertThat(sql.substring(position - 1)).startsWith("FRM");
        int line = 2;
        int column = 3;

        browser.open(server.url() + "/#/sql");
        WebElement input = browser.driver().findElement(By.id("sql-input"));
        input.clear();
        input.sendKeys(sql);
        browser.driver().findElement(By.id("sql-run")).click();

        WebElement panel = browser.waitFor("the error panel", webDriver -> webDriver.findElement(By.className("sql-error")));
        assertThat(panel.findElement(By.className("sqlstate")).getText()).isEqualTo("42601");
        assertThat(panel.findElement(By.className("error-message")).getText()).isEqualTo(error.get("message").asText());
        WebElement marker = panel.findElement(By.className("error-position"));
        assertThat(marker.getDomAttribute("data-line")).isEqualTo(String.valueOf(line));
        assertThat(marker.getDomAttribute("data-column")).isEqualTo(String.valueOf(column));
        assertThat(panel.findElement(By.className("error-line")).getText()).isEqualTo("  FRM orders");
        // The caret sits under the first letter of FRM: as many spaces before it as characters before FRM.
        assertThat((String) browser.script("return arguments[0].textContent;", marker)).isEqualTo(" ".repeat(column - 1) + "^");
        assertThat(browser.script("const input = document.getElementById('sql-input');"
                + " return input.value.substring(input.selectionStart, input.selectionEnd);")).isEqualTo("FRM");
        assertThat(browser.script("return document.activeElement.id;")).isEqualTo("sql-input");
        browser.screenshot("web-ui-sql-error");
    }

    @Test
    void withATokenTheUiAsksForItThenWorks() throws Exception {
        String token = "ui-test-token-" + System.nanoTime();
        try (RestServer guarded = RestServer.start(engine, RestConfig.loopback(0).withToken(token))) {
            HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create(guarded.url() + "/api/v1/overview"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(refused.body()).get("error").get("sqlstate").asText()).isEqualTo("28000");

            browser.open(guarded.url() + "/#/");
            WebElement dialog = browser.waitFor("the token form", webDriver -> {
                WebElement form = webDriver.findElement(By.id("token-dialog"));
                return form.isDisplayed() ? form : null;
            });
            browser.screenshot("web-ui-token");

            dialog.findElement(By.id("token-input")).sendKeys("not-the-token");
            dialog.findElement(By.id("token-submit")).click();
            browser.waitFor("the form to say the token was refused", webDriver -> {
                WebElement form = webDriver.findElement(By.id("token-dialog"));
                return form.isDisplayed() && webDriver.findElement(By.id("token-message")).getText().contains("refused");
            });

            browser.driver().findElement(By.id("token-input")).sendKeys(token);
            browser.driver().findElement(By.id("token-submit")).click();
            browser.waitFor("the form to close", webDriver -> !webDriver.findElement(By.id("token-dialog")).isDisplayed());
            assertThat(browser.script("return localStorage.getItem('rockstream.token');")).isEqualTo(token);
            Integer jobRows = browser.waitFor("the jobs table", webDriver -> nonZero(webDriver.findElements(
                    By.cssSelector(".jobs-table tbody tr.job-row")).size()));
            assertThat(jobRows).isEqualTo(get("/api/v1/jobs").get("jobs").size());

            // The token goes with POSTs too: the SQL editor runs a query.
            browser.driver().get(guarded.url() + "/#/sql");
            WebElement input = browser.waitFor("the editor", webDriver -> webDriver.findElement(By.id("sql-input")));
            input.clear();
            input.sendKeys("SELECT 40 + 2 AS answer");
            browser.driver().findElement(By.id("sql-run")).click();
            WebElement table = browser.waitFor("the result", webDriver -> webDriver.findElement(By.className("result-table")));
            assertThat(rows(table)).containsExactly(List.of("42"));
            assertThat(browser.driver().findElements(By.className("sql-error"))).isEmpty();
        }
    }

    @Test
    void aRunningQueryIsCancelledFromItsJobPage() throws Exception {
        // Its own engine: after a cancel the engine still finishes the epoch it was computing,
        // which must not slow the other tests' engine down.
        try (Engine busy = Engine.startInMemory();
                RestServer busyServer = RestServer.start(busy, RestConfig.loopback(0));
                SqlSession session = busy.openSession()) {
            session.execute("CREATE TABLE t (k int); INSERT INTO t SELECT * FROM generate_series(1, 400)");
            CompletableFuture<String> query = CompletableFuture.supplyAsync(() -> {
                try (SqlSession querying = busy.openSession()) {
                    querying.execute("SELECT count(*) FROM t a, t b, t c WHERE a.k + b.k + c.k > 0");
                    return "finished";
                } catch (RockStreamException failure) {
                    return failure.sqlState();
                }
            });
            String id = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (id == null && !query.isDone() && System.nanoTime() < deadline) {
                for (JsonNode job : get(busyServer, "/api/v1/jobs").get("jobs")) {
                    if (job.get("kind").asText().equals("query")) {
                        id = job.get("id").asText();
                    }
                }
            }
            assertThat(id).as("the statement is listed while it runs").isNotNull();

            browser.open(busyServer.url() + "/#/jobs/" + id);
            WebElement cancel = browser.waitFor("the cancel button", webDriver -> webDriver.findElement(By.id("job-cancel")));
            browser.waitFor("the query's graph", webDriver -> !webDriver.findElements(By.cssSelector("g.vertex")).isEmpty());
            browser.screenshot("web-ui-query");
            cancel.click();
            assertThat(cancel.getText()).isEqualTo("Click again to cancel");
            cancel.click();

            assertThat(query.get(30, TimeUnit.SECONDS)).isEqualTo("57014");
            browser.waitFor("the page to say the job ended", webDriver ->
                    webDriver.findElement(By.id("job-status")).getText().equals("ENDED"));
            assertThat(browser.driver().findElement(By.className("job-ended")).getText()).contains("cancelled");
        }
    }

    @Test
    void theCheckpointAndViewPagesShowHistoryAndLag() throws Exception {
        execute("CREATE TABLE visits (id bigint PRIMARY KEY, country text)",
                "INSERT INTO visits VALUES (1, 'fr'), (2, 'de'), (3, 'fr')",
                "CREATE MATERIALIZED VIEW visits_by_country WITH (freshness = '2s') AS"
                        + " SELECT country, count(*) AS visits FROM visits GROUP BY country");
        engine.checkpoint();
        execute("INSERT INTO visits VALUES (4, 'it')");
        engine.checkpoint();
        JsonNode checkpoints = get("/api/v1/checkpoints").get("checkpoints");
        assertThat(checkpoints.size()).isGreaterThanOrEqualTo(2);
        String newest = "#" + checkpoints.get(0).get("id").asText();

        browser.open(server.url() + "/#/checkpoints");
        browser.waitFor("checkpoint " + newest + " in the history", webDriver -> webDriver
                .findElements(By.cssSelector(".checkpoints-table tbody tr td:first-child")).stream()
                .anyMatch(cell -> cell.getText().equals(newest)));
        Integer bars = browser.waitFor("a bar per checkpoint", webDriver -> {
            int drawn = webDriver.findElements(By.cssSelector("svg.durations-chart g.bar")).size();
            return drawn >= 2 ? drawn : null;
        });
        assertThat(bars).isGreaterThanOrEqualTo(2);
        browser.screenshot("web-ui-checkpoints");

        browser.open(server.url() + "/#/views");
        String target = browser.waitFor("the view in the views table", webDriver -> {
            List<WebElement> cells = webDriver.findElements(By.cssSelector("tr.view-row[data-view='visits_by_country'] td"));
            return cells.size() < 4 ? null : cells.get(3).getText();
        });
        assertThat(target).isEqualTo("2 s");
        browser.screenshot("web-ui-views");

        browser.open(server.url() + "/#/views/visits_by_country");
        browser.waitFor("the lag line (five samples or more) with its target", webDriver -> {
            WebElement chart = webDriver.findElement(By.cssSelector("svg.lag-chart"));
            return Integer.parseInt(chart.getDomAttribute("data-samples")) >= 5
                    && !chart.findElements(By.cssSelector("path.series-line")).isEmpty()
                    && !chart.findElements(By.cssSelector("line.target-line")).isEmpty();
        });
        assertThat(browser.driver().findElement(By.id("view-target")).getText()).startsWith("2 s");
        browser.screenshot("web-ui-view");
    }

    private static void insertClicks(AtomicBoolean streaming) {
        long next = 0;
        try (SqlSession session = engine.openSession()) {
            while (streaming.get()) {
                StringBuilder sql = new StringBuilder("INSERT INTO clicks VALUES ");
                for (int row = 0; row < 50; row++) {
                    long id = ++next;
                    sql.append(row == 0 ? "" : ", ").append('(').append(id).append(", '/page/").append(id % 7)
                            .append("', ").append(id % 1000).append(')');
                }
                session.execute(sql.toString());
                Thread.sleep(50);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void execute(String... statements) {
        try (SqlSession session = engine.openSession()) {
            for (String statement : statements) {
                session.execute(statement);
            }
        }
    }

    private static JsonNode jobNamed(String id) throws IOException, InterruptedException {
        for (JsonNode job : get("/api/v1/jobs").get("jobs")) {
            if (job.get("id").asText().equals(id)) {
                return job;
            }
        }
        throw new AssertionError("GET /api/v1/jobs lists no job " + id);
    }

    private static JsonNode get(String path) throws IOException, InterruptedException {
        return get(server, path);
    }

    private static JsonNode get(RestServer from, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(from.url() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode post(String path, String sql) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(JSON.createObjectNode().put("sql", sql));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static Integer nonZero(int count) {
        return count == 0 ? null : count;
    }

    private static String svgText(WebDriver driver, String selector) {
        return driver.findElement(By.cssSelector(selector)).getDomProperty("textContent");
    }

    private static long count(String figure) {
        return Long.parseLong(figure.replaceAll("[^0-9]", ""));
    }

    private static List<List<String>> rows(WebElement table) {
        List<List<String>> rows = new ArrayList<>();
        for (WebElement row : table.findElements(By.cssSelector("tbody tr"))) {
            rows.add(row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList());
        }
        return rows;
    }
}
