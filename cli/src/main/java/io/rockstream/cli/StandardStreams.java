package io.rockstream.cli;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import java.io.PrintStream;

/**
 * The streams a command reads and writes, and whether a person is at the other end
 * ({@code interactive}: prompts and the help line are shown). Tests pass their own.
 */
record StandardStreams(InputStream in, PrintStream out, PrintStream err, boolean interactive) {
    StandardStreams {
        requireNonNull(in, "in is null");
        requireNonNull(out, "out is null");
        requireNonNull(err, "err is null");
    }

    /** The process's streams; interactive when both stdin and stdout are a terminal. */
    static StandardStreams system() {
        return new StandardStreams(System.in, System.out, System.err, System.console() != null);
    }
}
