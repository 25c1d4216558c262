package io.rockstream.bench.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The side-by-side harness (bench's {@code SideBySide}) end to end at its short size: RockStream
 * and Flink child JVMs on the same generated events. It runs as a child JVM on bench's class path,
 * as {@code bench/run.sh} runs it, so RockStream's and Flink's jars never meet.
 */
class SideBySideTest {
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final Pattern LAST_LINE = Pattern.compile(
            "stateful geomean vs Flink: (\\d+\\.\\d\\d); stateless geomean vs Flink: (\\d+\\.\\d\\d)");

    @TempDir
    Path work;

    @Test
    void bothSystemsGiveAnswersOfTheSameSizeOnTheSameEvents() throws Exception {
        List<String> out = sideBySide("--short", "--check-rows", "--data", work.resolve("data").toString(), "q1", "q9");
        // q1: every bid converted; q9: one winning bid per auction that closed with a bid
        for (String query : List.of("q1", "q9")) {
            String line = line(out, query + " ");
            Matcher rows = Pattern.compile("rows: RockStream ([\\d,]+), Flink ([\\d,]+)").matcher(line);
            assertThat(rows.find()).as(line).isTrue();
            assertThat(rows.group(1)).as(line).isEqualTo(rows.group(2));
            assertThat(Long.parseLong(rows.group(1).replace(",", ""))).as(line).isPositive();
            assertThat(line).doesNotContain("ERROR", "MISMATCH", "(differ)");
        }
        assertThat(out).anyMatch(line -> line.startsWith("nexmark summary: 2 of 2 queries ran and matched their recompute"));
    }

    @Test
    void timingRunPrintsRatiosAChartAndTheGeomeanLineLast() throws Exception {
        Path chart = work.resolve("chart.png");
        List<String> out = sideBySide("--short", "--data", work.resolve("data").toString(), "--chart", chart.toString(),
                "q2", "q4", "q6");
        assertThat(line(out, "q2 ")).containsPattern("RockStream +[\\d,]+ ev/s +[\\d,]+ ev/CPU-s")
                .containsPattern("Flink +[\\d,]+ ev/s +[\\d,]+ ev/CPU-s").containsPattern("ratio +\\d+\\.\\d\\dx per CPU-s");
        assertThat(line(out, "q4 ")).containsPattern("ratio +\\d+\\.\\d\\dx per CPU-s");
        // RockStream runs q6, Flink cannot (FLINK-19059): no ratio, and the reason is shown
        assertThat(line(out, "q6 ")).contains("Flink UNSUPPORTED: FLINK-19059").doesNotContain("ratio");
        Matcher last = LAST_LINE.matcher(out.get(out.size() - 1));
        assertThat(last.matches()).as(out.get(out.size() - 1)).isTrue();
        assertThat(Double.parseDouble(last.group(1))).isPositive();
        assertThat(Double.parseDouble(last.group(2))).isPositive();
        BufferedImage image = ImageIO.read(chart.toFile());
        assertThat(image.getWidth()).isEqualTo(1400);
        assertThat(image.getHeight()).isEqualTo(620);
    }

    @Test
    void unknownQueriesAndOptionsAreRefusedWithTheUsage() throws Exception {
        Process process = start(true, "q99");
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(errors).contains("unknown query q99");
        process = start(true, "--bogus");
        errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(errors).contains("unknown option --bogus", "usage: bench/run.sh");
    }

    private List<String> sideBySide(String... arguments) throws Exception {
        Process process = start(false, arguments);
        process.getOutputStream().close();
        List<String> lines = new ArrayList<>();
        try (var reader = process.inputReader()) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                System.out.println(line);
                lines.add(line);
            }
        }
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(String.join("\n", lines)).isZero();
        return lines;
    }

    /** Starts SideBySide; its errors (and its children's) go to this JVM's unless {@code pipeErrors}. */
    private static Process start(boolean pipeErrors, String... arguments) throws IOException {
        Path bench = ROOT.resolve("bench/target");
        String classPath = bench.resolve("classes") + File.pathSeparator
                + Files.readString(bench.resolve("classpath.txt")).trim();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", classPath, "io.rockstream.bench.nexmark.SideBySide", "--root", ROOT.toString(),
                "--heap", "1g"));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command)
                .redirectError(pipeErrors ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String line(List<String> out, String prefix) {
        return out.stream().filter(line -> line.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + prefix + " in\n" + String.join("\n", out)));
    }
}
