package io.rockstream.compiler.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.compiler.ast.Statement;
import io.rockstream.compiler.binder.QueryBinder;
import io.rockstream.compiler.catalog.CatalogReader;
import io.rockstream.compiler.catalog.RelationEntry;
import io.rockstream.compiler.catalog.RelationKind;
import io.rockstream.compiler.parser.SqlParser;
import io.rockstream.compiler.plan.LogicalPlan;
import io.rockstream.jobgraph.expr.Expr;
import io.rockstream.jobgraph.graph.JobGraph;
import io.rockstream.jobgraph.graph.JobGraphJson;
import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobgraph.row.Column;
import io.rockstream.jobgraph.type.SqlType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden files for representative views: {@code golden/<name>.sql} holds the view's query;
 * {@code <name>.explain} its EXPLAIN INCREMENTAL and {@code <name>.json} its job graph's JSON.
 * The JSON must also read back into an equal graph. Run with {@code -Dgolden.update=true} to
 * rewrite the expected files after an intended change (and review the diff).
 */
class JobGraphGoldenTest {
    private static final Map<String, RelationEntry> TABLES = new LinkedHashMap<>();

    static {
        table("orders", List.of(Column.of("id", SqlType.BIGINT), Column.of("customer", SqlType.INTEGER),
                Column.of("amount", SqlType.numeric(10, 2)), Column.of("status", SqlType.TEXT),
                Column.of("placed", SqlType.DATE)));
        table("customers", List.of(Column.of("id", SqlType.INTEGER), Column.of("name", SqlType.TEXT),
                Column.of("region", SqlType.TEXT)));
    }

    private static void table(String name, List<Column> columns) {
        List<Expr> defaults = new ArrayList<>();
        columns.forEach(c -> defaults.add(null));
        TABLES.put(name, new RelationEntry(name, RelationKind.TABLE, columns, List.of(0), defaults, null));
    }

    private static final CatalogReader CATALOG = new CatalogReader() {
        @Override
        public Optional<RelationEntry> relation(String name) {
            return Optional.ofNullable(TABLES.get(name));
        }

        @Override
        public Collection<RelationEntry> relations() {
            return TABLES.values();
        }
    };

    @ParameterizedTest
    @ValueSource(strings = {"group_by", "join_aggregate", "outer_join", "top_k", "subqueries", "set_operations",
            "distinct_having", "window"})
    void matchesGoldenFiles(String name) throws IOException {
        String sql = resource(name + ".sql");
        Statement.QueryStatement query = (Statement.QueryStatement) SqlParser.parse(sql).get(0);
        LogicalPlan plan = new QueryBinder(CATALOG).bind(query.query()).visiblePlan();
        JobGraph graph = JobGraphBuilder.build(JobId.of(name), plan, name, 2);

        String explain = String.join("\n", Explainer.explainIncremental(graph)) + "\n";
        String json = JobGraphJson.write(graph) + "\n";
        check(name + ".explain", explain);
        check(name + ".json", json);
        assertThat(JobGraphJson.read(json)).isEqualTo(graph);
        assertThat(JobGraphJson.write(JobGraphJson.read(json)) + "\n").isEqualTo(json);
    }

    private static void check(String file, String actual) throws IOException {
        if (Boolean.getBoolean("golden.update")) {
            Path target = Path.of("src", "test", "resources", "golden", file);
            Files.writeString(target, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(actual).as("golden file %s (rerun with -Dgolden.update=true to regenerate)", file)
                .isEqualTo(resource(file));
    }

    private static String resource(String file) throws IOException {
        try (InputStream in = JobGraphGoldenTest.class.getResourceAsStream("/golden/" + file)) {
            assertThat(in).as("golden file %s", file).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
