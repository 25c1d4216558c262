package io.rockstream.bench.nexmark;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Nexmark events as files every system reads identically: {@code person.csv},
 * {@code auction.csv} and {@code bid.csv} in one directory, in {@link NexmarkCsv}'s format,
 * each in event order. PostgreSQL loads them with {@code COPY bid FROM 'bid.csv' (FORMAT csv)};
 * {@link Reader} reads them back merged in event-time order.
 *
 * <pre>
 *   java -cp ... io.rockstream.bench.nexmark.NexmarkFiles --events 1000000 --seed 42 --out /tmp/nexmark
 * </pre>
 * Options: {@code --events N} (default 1,000,000), {@code --seed S} (default 42), {@code --out DIR}
 * (required), {@code --rate R} events per second of event time (default 10,000).
 */
public final class NexmarkFiles {
    private NexmarkFiles() {
    }

    /** How many events of each kind a directory holds. */
    public record Counts(long persons, long auctions, long bids) {
        public long total() {
            return persons + auctions + bids;
        }
    }

    public static void main(String[] arguments) throws IOException {
        long events = 1_000_000;
        long seed = 42;
        long rate = NexmarkConfig.defaults().eventsPerSecond();
        Path out = null;
        for (int i = 0; i < arguments.length; i++) {
            String name = arguments[i];
            if (i + 1 >= arguments.length) {
                usage("option " + name + " needs a value");
            }
            String value = arguments[++i];
            switch (name) {
                case "--events":
                    events = Long.parseLong(value);
                    break;
                case "--seed":
                    seed = Long.parseLong(value);
                    break;
                case "--rate":
                    rate = Long.parseLong(value);
                    break;
                case "--out":
                    out = Path.of(value);
                    break;
                default:
                    usage("unknown option " + name);
            }
        }
        if (out == null) {
            usage("--out DIR is required");
        }
        NexmarkGenerator generator = new NexmarkGenerator(NexmarkConfig.defaults().withEventsPerSecond(rate), seed);
        Counts counts = write(generator, events, out);
        System.out.printf("wrote %,d events (%,d persons, %,d auctions, %,d bids), seed %d, to %s%n", counts.total(),
                counts.persons(), counts.auctions(), counts.bids(), seed, out.toAbsolutePath());
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: NexmarkFiles --out DIR [--events N] [--seed S] [--rate EVENTS_PER_SECOND]");
        System.exit(2);
    }

    /** The file of {@code kind}'s events in {@code directory}. */
    public static Path file(Path directory, NexmarkEvent.Kind kind) {
        return directory.resolve(kind.table() + ".csv");
    }

    /** Writes the generator's next {@code events} events into {@code directory} (created if missing). */
    public static Counts write(NexmarkGenerator generator, long events, Path directory) throws IOException {
        Files.createDirectories(directory);
        Map<NexmarkEvent.Kind, BufferedWriter> writers = new EnumMap<>(NexmarkEvent.Kind.class);
        long[] counts = new long[NexmarkEvent.Kind.values().length];
        try {
            for (NexmarkEvent.Kind kind : NexmarkEvent.Kind.values()) {
                writers.put(kind, Files.newBufferedWriter(file(directory, kind), StandardCharsets.UTF_8));
            }
            for (long written = 0; written < events; ) {
                int batch = (int) Math.min(10_000, events - written);
                for (NexmarkEvent event : generator.next(batch)) {
                    BufferedWriter writer = writers.get(event.kind());
                    writer.write(NexmarkCsv.line(NexmarkCsv.fields(event)));
                    writer.write('\n');
                    counts[event.kind().ordinal()]++;
                }
                written += batch;
            }
        } finally {
            for (BufferedWriter writer : writers.values()) {
                writer.close();
            }
        }
        return new Counts(counts[0], counts[1], counts[2]);
    }

    /** One line of one file: its kind and its fields. */
    public record Record(NexmarkEvent.Kind kind, String[] fields) {
        public Record {
            requireNonNull(kind, "kind is null");
            requireNonNull(fields, "fields is null");
        }

        /** The {@code date_time} text, which sorts in time order. */
        public String dateTime() {
            return fields[NexmarkCsv.dateTimeColumn(kind)];
        }
    }

    /**
     * The three files of a directory merged into one stream in event-time order: the line with
     * the earliest {@code date_time} first and, at equal times, persons before auctions before
     * bids. Every reference in the stream is then to a row that came before it (the generator
     * only references earlier events, which never have a later time).
     */
    public static final class Reader implements AutoCloseable {
        private final BufferedReader[] readers = new BufferedReader[NexmarkEvent.Kind.values().length];
        private final Record[] heads = new Record[readers.length];

        public Reader(Path directory) throws IOException {
            try {
                for (NexmarkEvent.Kind kind : NexmarkEvent.Kind.values()) {
                    readers[kind.ordinal()] = Files.newBufferedReader(file(directory, kind), StandardCharsets.UTF_8);
                    advance(kind.ordinal());
                }
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
        }

        /** The next record in event-time order, or null at the end of all three files. */
        public Record next() {
            int earliest = -1;
            for (int i = 0; i < heads.length; i++) {
                if (heads[i] != null && (earliest < 0 || heads[i].dateTime().compareTo(heads[earliest].dateTime()) < 0)) {
                    earliest = i;
                }
            }
            if (earliest < 0) {
                return null;
            }
            Record record = heads[earliest];
            try {
                advance(earliest);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return record;
        }

        private void advance(int index) throws IOException {
            String line = readers[index].readLine();
            heads[index] = line == null ? null : new Record(NexmarkEvent.Kind.values()[index], NexmarkCsv.parse(line));
        }

        @Override
        public void close() {
            for (BufferedReader reader : readers) {
                if (reader != null) {
                    try {
                        reader.close();
                    } catch (IOException e) {
                        // nothing was written; a failed close of a reader loses nothing
                    }
                }
            }
        }
    }
}
