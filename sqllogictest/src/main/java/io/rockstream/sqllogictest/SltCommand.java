package io.rockstream.sqllogictest;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./rockstream slt FILE...}: runs sqllogictest files and prints a summary per file
 * and a total. Options come from system properties (see {@link SltOptions#fromSystemProperties()}).
 */
public final class SltCommand {
    private SltCommand() {
    }

    /** Runs the files and returns the exit code: 0 when all passed, 1 on failures, 2 on usage errors. */
    public static int run(List<Path> files, EngineFactory factory, PrintStream out) {
        return run(files, factory, SltOptions.fromSystemProperties(), out);
    }

    public static int run(List<Path> files, EngineFactory factory, SltOptions options, PrintStream out) {
        if (files.isEmpty()) {
            out.println("usage: rockstream slt FILE...");
            return 2;
        }
        SltRunner runner = new SltRunner(factory, options);
        List<FileResult> results = new ArrayList<>();
        for (Path file : files) {
            FileResult result;
            try {
                SltScript script = SltParser.parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
                result = runner.run(script);
            } catch (IOException | SltParseException e) {
                result = new FileResult(file.toString(), 0, 1, 0, options.seed(),
                        List.of(new FileResult.Failure(file.toString(), 0, "", List.of("cannot run the file: " + e.getMessage()))));
            }
            Reports.printFile(result, out);
            results.add(result);
        }
        Reports.printTotal(results, out);
        boolean failed = results.stream().anyMatch(result -> result.failed() > 0);
        return failed ? 1 : 0;
    }
}
