package io.rockstream.cli;

import static java.util.Objects.requireNonNull;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

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

    /**
     * The process's streams, writing UTF-8 (the {@code client_encoding} the engine reports)
     * whatever the platform default; interactive when both stdin and stdout are a terminal.
     */
    static StandardStreams system() {
        return new StandardStreams(System.in, utf8(FileDescriptor.out), utf8(FileDescriptor.err),
                System.console() != null);
    }

    private static PrintStream utf8(FileDescriptor descriptor) {
        return new PrintStream(new BufferedOutputStream(new FileOutputStream(descriptor), 1 << 16), true,
                StandardCharsets.UTF_8);
    }
}
