package io.rockstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.jobmanager.http.RestConfig;
import io.rockstream.jobmanager.http.RestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One engine, two doors: a table and a materialized view created and written through the
 * REST API are read over the Postgres protocol with pgjdbc, and writes over Postgres show in
 * the view read back through REST.
 */
class RestThenPostgresTest extends InProcessGatewayTest {
    @Test
    void aViewSubmittedOverRestIsQueriedOverPostgres() throws Exception {
        try (RestServer rest = RestServer.start(engine, RestConfig.loopback(0))) {
            HttpClient http = HttpClient.newHttpClient();
            String script = "CREATE TABLE orders (id int PRIMARY KEY, customer text, amount numeric(10,2));"
                    + " CREATE MATERIALIZED VIEW totals AS SELECT customer, sum(amount) AS total, count(*) AS n"
                    + " FROM orders GROUP BY customer;"
                    + " INSERT INTO orders VALUES (1, 'ann', 10.50), (2, 'bob', 3), (3, 'ann', 1.25)";
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(rest.url() + "/api/v1/sql"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(new com.fasterxml.jackson.databind.ObjectMapper()
                            .createObjectNode().put("sql", script).toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);

            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                List<String> rows = new ArrayList<>();
                try (ResultSet result = statement.executeQuery("SELECT customer, total, n FROM totals ORDER BY customer")) {
                    while (result.next()) {
                        rows.add(result.getString(1) + " " + result.getBigDecimal(2) + " " + result.getLong(3));
                    }
                }
                assertThat(rows).containsExactly("ann 11.75 2", "bob 3.00 1");
                statement.executeUpdate("INSERT INTO orders VALUES (4, 'cy', 2)");
            }
            HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create(rest.url() + "/api/v1/sql"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"sql\": \"SELECT customer, total FROM totals WHERE customer = 'cy'\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(read.body()).contains("\"rows\":[[\"cy\",\"2.00\"]]");
            HttpResponse<String> job = http.send(HttpRequest.newBuilder(URI.create(rest.url() + "/api/v1/jobs/totals"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(job.statusCode()).isEqualTo(200);
            assertThat(job.body()).contains("\"kind\":\"view\"").contains("\"status\":\"RUNNING\"");
        }
    }
}
