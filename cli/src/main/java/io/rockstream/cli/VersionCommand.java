package io.rockstream.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code rockstream version}: the RockStream version and the Java runtime it runs on. */
@Command(name = "version", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Print the RockStream version and the Java runtime.")
final class VersionCommand implements Callable<Integer> {
    private final StandardStreams streams;

    VersionCommand(StandardStreams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() {
        streams.out().println("RockStream " + Version.current());
        streams.out().println("Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name")
                + ", " + System.getProperty("java.vendor") + ")");
        return 0;
    }
}
