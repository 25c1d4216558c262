package io.rockstream.bench.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link FlinkNexmark} as the orchestrator does, as a child JVM on
 * {@code target/classes:target/lib/*}, over a few hand-written events spread over 30 s of event
 * time, and plans every query resource in-process so none of them rots.
 */
class FlinkNexmarkTest {

    private static final long EVENTS = 13;

    @TempDir
    static Path data;

    /**
     * Three persons, three auctions, seven bids. Winning bids (bid inside the auction's life):
     * auction 1000 (category 10, 00:01-00:20) wins at 300 (the 900 bid at 00:25 is after it expires),
     * auction 1001 (category 10, 00:06-00:25) at 500, auction 1002 (category 11, 00:13-00:40) at 700.
     * Maxima of the 10 s tumbling windows: 500 in [0, 10), 250 in [10, 20), 900 in [20, 30).
     * Only auction 1107 is a multiple of 123. Empty extras are written both as "" and as nothing.
     */
    @BeforeAll
    static void writeData() throws IOException {
        write("person.csv", """
                1000,Peter Jones,pj@x.com,1234 5678 9012 3456,Boise,ID,2026-01-01 00:00:00.000,""
                1001,Sarah Shultz,"ss,@x.com",1111 2222 3333 4444,Portland,OR,2026-01-01 00:00:05.000,extra
                1002,Luke Walton,lw@x.com,5555 6666 7777 8888,Phoenix,AZ,2026-01-01 00:00:12.000,
                """);
        write("auction.csv", """
                1000,item0,desc0,100,200,2026-01-01 00:00:01.000,2026-01-01 00:00:20.000,1000,10,""
                1001,item1,desc1,100,200,2026-01-01 00:00:06.000,2026-01-01 00:00:25.000,1001,10,
                1002,item2,"d,2",100,200,2026-01-01 00:00:13.000,2026-01-01 00:00:40.000,1001,11,x
                """);
        write("bid.csv", """
                1000,1001,150,Google,https://www.nexmark.com/a/b/c/item.htm?query=1,2026-01-01 00:00:02.000,""
                1000,1002,300,Apple,https://www.nexmark.com/a/b/c/item.htm?query=1,2026-01-01 00:00:07.000,cc
                1001,1000,500,channel-7,https://www.nexmark.com/d/e/f/item.htm?query=1&channel_id=7,2026-01-01 00:00:09.000,
                1107,1000,250,channel-8,https://www.nexmark.com/d/e/f/item.htm?query=1,2026-01-01 00:00:14.000,
                1002,1002,700,Baidu,https://www.nexmark.com/g/h/i/item.htm?query=1,2026-01-01 00:00:21.000,
                1000,1001,900,Google,https://www.nexmark.com/a/b/c/item.htm?query=1,2026-01-01 00:00:25.000,
                1002,1000,400,Facebook,https://www.nexmark.com/g/h/i/item.htm?query=1,2026-01-01 00:00:29.000,
                """);
    }

    @Test
    void collectModeCountsTheRowsEachQueryEndsWith() throws Exception {
        Run run = runner("--data", data.toString(), "--events", Long.toString(EVENTS), "--collect", "--no-warm-up",
                "q0", "q1", "q2", "q4", "q7", "q9", "q6");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        Map<String, String[]> outcomes = run.outcomes();
        assertThat(outcomes).containsOnlyKeys("q0", "q1", "q2", "q4", "q7", "q9", "q6");
        Map<String, Long> rows = new LinkedHashMap<>();
        outcomes.forEach((query, fields) -> rows.put(query, Long.parseLong(fields[8])));
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("q0", 7L); // every bid
        expected.put("q1", 7L); // every bid, converted
        expected.put("q2", 1L); // auction 1107
        expected.put("q4", 2L); // categories 10 (average of 300 and 500) and 11 (700)
        expected.put("q7", 3L); // the maximum bid of each of the three windows
        expected.put("q9", 3L); // one winning bid per auction
        expected.put("q6", -1L); // unsupported
        assertThat(rows).containsExactlyEntriesOf(expected);
        for (String query : List.of("q0", "q1", "q2", "q4", "q7", "q9")) {
            assertThat(outcomes.get(query)[2]).as(query + " unsupported").isEqualTo("-");
            assertThat(outcomes.get(query)[3]).as(query + " error").isEqualTo("-");
        }
        assertThat(outcomes.get("q6")[2]).startsWith("+FLINK-19059");
        assertThat(outcomes.get("q6")[3]).isEqualTo("-");
        assertThat(run.stderr()).contains("q4: state backend EmbeddedRocksDBStateBackend");
    }

    @Test
    void timingModePrintsOneWellFormedOutcomeLine() throws Exception {
        Run run = runner("--data", data.toString(), "--events", Long.toString(EVENTS), "--parallelism", "2",
                "--checkpoint-interval-ms", "10000", "--no-warm-up", "q0");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).hasSize(1);
        String[] fields = run.stdout().get(0).split("\t", -1);
        assertThat(fields).hasSize(9);
        assertThat(fields[0]).isEqualTo("FLINK-OUTCOME");
        assertThat(fields[1]).isEqualTo("q0");
        assertThat(fields[2]).isEqualTo("-");
        assertThat(fields[3]).isEqualTo("-");
        assertThat(Long.parseLong(fields[4])).isEqualTo(EVENTS);
        assertThat(Long.parseLong(fields[5])).as("wall nanos").isPositive();
        assertThat(Long.parseLong(fields[6])).as("cpu nanos").isPositive();
        assertThat(Long.parseLong(fields[7])).as("peak RSS").isNotZero();
        assertThat(Long.parseLong(fields[8])).as("result rows").isEqualTo(-1);
        // the job ends once its input is drained, not at the next 10 s periodic checkpoint
        assertThat(Long.parseLong(fields[5])).isLessThan(TimeUnit.SECONDS.toNanos(9));
    }

    @Test
    void anUnknownQueryIsABadArgument() throws Exception {
        Run run = runner("--data", data.toString(), "--events", "1", "q23");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).contains("unknown query \"q23\"").contains("usage: FlinkNexmark");
    }

    @Test
    void aMissingDataDirectoryIsABadArgument() throws Exception {
        Run run = runner("--data", data.resolve("missing").toString(), "--events", "1", "q0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).contains("has no person.csv");
    }

    @Test
    void everyQueryResourcePlansOrIsMarkedUnsupported() {
        // One environment for all: every query's sink, view, function and side table has its own name.
        TableEnvironment tables = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        NexmarkQuery.sourceTables(data.toString()).forEach(tables::executeSql);
        List<String> unsupported = new ArrayList<>();
        for (int number = 0; number <= 22; number++) {
            String name = "q" + number;
            NexmarkQuery query = NexmarkQuery.load(name, data.resolve("side_input.csv").toString());
            if (query.unsupportedReason().isPresent()) {
                unsupported.add(name);
                continue;
            }
            query.setup().forEach(tables::executeSql);
            assertThat(tables.explainSql(query.insert())).as(name + " INSERT").contains("== Optimized Execution Plan ==");
            assertThat(tables.explainSql(query.select())).as(name + " SELECT").contains("== Optimized Execution Plan ==");
        }
        assertThat(unsupported).containsExactly("q6");
    }

    @Test
    void outcomeLinesFlattenTextAndMarkAbsentFields() {
        QueryOutcome failed = QueryOutcome.failed("q4", "boom\n\tat  somewhere", 5);

        assertThat(failed.toLine()).isEqualTo("FLINK-OUTCOME\tq4\t-\t+boom at somewhere\t5\t-1\t-1\t-1\t-1");
    }

    @Test
    void theChangelogCounterAppliesRetractions() {
        ChangelogCounter counter = new ChangelogCounter();
        Row first = Row.ofKind(RowKind.INSERT, 10L, 1L);
        counter.apply(first);
        counter.apply(Row.ofKind(RowKind.UPDATE_BEFORE, 10L, 1L));
        counter.apply(Row.ofKind(RowKind.UPDATE_AFTER, 10L, 2L));
        counter.apply(Row.ofKind(RowKind.INSERT, 11L, 1L));
        counter.apply(Row.ofKind(RowKind.DELETE, 11L, 1L));

        assertThat(counter.rows()).isEqualTo(1);
    }

    private static void write(String file, String text) throws IOException {
        Files.writeString(data.resolve(file), text, StandardCharsets.UTF_8);
    }

    /** What a child JVM printed and returned. */
    private record Run(int exitCode, List<String> stdout, String stderr) {

        /** The outcome lines by query, split into their nine fields. */
        Map<String, String[]> outcomes() {
            Map<String, String[]> outcomes = new LinkedHashMap<>();
            for (String line : stdout) {
                String[] fields = line.split("\t", -1);
                assertThat(fields).as(line).hasSize(9);
                assertThat(fields[0]).isEqualTo("FLINK-OUTCOME");
                outcomes.put(fields[1], fields);
            }
            return outcomes;
        }
    }

    /** Runs FlinkNexmark as a child JVM on the module's runtime class path, the way the orchestrator does. */
    private static Run runner(String... arguments) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = "target/classes" + File.pathSeparator + "target/lib/*";
        List<String> command = new ArrayList<>(List.of(java, "-Xmx768m", "-cp", classPath, FlinkNexmark.class.getName()));
        command.addAll(Arrays.asList(arguments));
        Path stdout = Files.createTempFile(data, "stdout", ".txt");
        Path stderr = Files.createTempFile(data, "stderr", ".txt");
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("FlinkNexmark did not end within 3 minutes: " + Files.readString(stderr));
        }
        List<String> lines = Files.readAllLines(stdout).stream().filter(line -> !line.isBlank()).toList();
        return new Run(process.exitValue(), lines, Files.readString(stderr));
    }
}
