package io.rockstream.cli;

import io.rockstream.sqllogictest.EngineFactory;
import io.rockstream.sqllogictest.SltCommand;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code rockstream slt FILE...}: runs sqllogictest files on fresh in-memory engines, each
 * query also as a materialized view, and prints "N passed, M failed" per file and in total.
 * Exit status 0 when all passed, 1 on failures. Options are system properties
 * ({@code -Dslt.seed=...}, {@code -Dslt.views=false}), e.g. through {@code JAVA_OPTS}.
 */
@Command(name = "slt", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Run sqllogictest files; each query is also checked as a materialized view.",
        footer = "Options as system properties, e.g. JAVA_OPTS=\"-Dslt.seed=42 -Dslt.views=false\".")
final class SltSubcommand implements Callable<Integer> {
    private final StandardStreams streams;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "sqllogictest files (.test, .slt)")
    private List<Path> files;

    SltSubcommand(StandardStreams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() {
        int status = SltCommand.run(files, EngineFactory.inMemory(), streams.out());
        streams.out().flush();
        return status;
    }
}
