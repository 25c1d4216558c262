package io.rockstream.bench.nexmark;

import io.rockstream.bench.Samples;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobmanager.Engine;
import io.rockstream.jobmanager.EngineConfig;
import io.rockstream.jobmanager.SqlSession;
import io.rockstream.jobmanager.Subscription;
import io.rockstream.statebackend.objectstore.LocalObjectStore;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Freshness: how long a write takes to show in a materialized view, on an idle engine and
 * with Nexmark events arriving at half the highest rate the engine sustains (issue 6).
 *
 * <p>One engine (parallelism 2, RocksDB state, a checkpoint every 10 s), the Nexmark tables,
 * the views q4 (join + aggregate) and q7 (windowed max), and a probe view
 * {@code SELECT auction, count(*), max(price) FROM bid GROUP BY auction}. Phases:
 * <ol>
 *   <li><b>highest sustained rate</b>: {@code writers} sessions feed generated Nexmark events
 *       as fast as they can, each commit one COPY per table of up to {@code batch} events;
 *       the rate is events committed per second of wall time;</li>
 *   <li><b>idle</b>: {@code probes} single-row INSERTs of a marker bid (auction -1, price = its
 *       number), one every {@value #PROBE_GAP_MILLIS} ms;</li>
 *   <li><b>under load</b>: the same probes while the writers offer half the highest rate,
 *       paced every {@value #TICK_MILLIS} ms (a writer that falls behind writes what is due
 *       in its next commit, up to {@code batch} events).</li>
 * </ol>
 * A probe's effect is seen by a {@code SUBSCRIBE} to the probe view on its own thread: the
 * moment the subscriber receives the marker's new maximum. Per probe: <i>write → visible</i>
 * (from sending the INSERT to the subscriber seeing it), <i>write → acknowledged</i> (the
 * INSERT's round trip) and <i>acknowledged → visible</i> (negative when the view showed the
 * write before the writer heard back; RockStream acknowledges a write only once its epoch is
 * complete, so this is the subscriber's own delivery delay).
 */
public final class FreshnessBenchmark {
    static final long PROBE_GAP_MILLIS = 20;
    static final long TICK_MILLIS = 10;
    private static final long MARKER_AUCTION = -1;
    private static final String PROBE_VIEW = "freshness_probe";
    /** The Nexmark views maintained beside the probe view by default: a join + aggregate and a windowed max. */
    static final List<String> DEFAULT_VIEWS = List.of("q4", "q7");

    /**
     * Settings.
     *
     * @param rateSeconds how long the highest rate is measured (after as long again of warm-up)
     * @param loadSeconds how long the loaded phase lasts at least (it also waits for its probes)
     */
    public record Options(int writers, int batch, int probes, double rateSeconds, double loadSeconds, long seed,
            List<String> views) {
        public Options {
            views = List.copyOf(views);
        }

        public static Options full() {
            return new Options(2, 10_000, 1000, 20, 30, 42, DEFAULT_VIEWS);
        }

        public static Options shortRun() {
            return new Options(2, 2_000, 100, 2, 3, 42, DEFAULT_VIEWS);
        }

        /**
         * A phase sends probes for at most this long (and at least {@code loadSeconds}): when a
         * write takes seconds, the probes sent by then are the answer.
         */
        double probeBudgetSeconds() {
            return Math.max(2 * loadSeconds, 60);
        }

        static final String USAGE = "usage: FreshnessBenchmark [--short] [--writers N] [--batch N] [--probes N]"
                + " [--rate-seconds S] [--load-seconds S] [--seed S] [--views q4,q7|none]";

        public static Options parse(String... arguments) {
            Options options = full();
            for (String argument : arguments) {
                if (argument.equals("--short")) {
                    options = shortRun();
                }
            }
            int writers = options.writers;
            int batch = options.batch;
            int probes = options.probes;
            double rateSeconds = options.rateSeconds;
            double loadSeconds = options.loadSeconds;
            long seed = options.seed;
            List<String> views = options.views;
            for (int i = 0; i < arguments.length; i++) {
                String name = arguments[i];
                switch (name) {
                    case "--short":
                        break;
                    case "--writers":
                        writers = Integer.parseInt(value(arguments, ++i));
                        break;
                    case "--batch":
                        batch = Integer.parseInt(value(arguments, ++i));
                        break;
                    case "--probes":
                        probes = Integer.parseInt(value(arguments, ++i));
                        break;
                    case "--rate-seconds":
                        rateSeconds = Double.parseDouble(value(arguments, ++i));
                        break;
                    case "--load-seconds":
                        loadSeconds = Double.parseDouble(value(arguments, ++i));
                        break;
                    case "--seed":
                        seed = Long.parseLong(value(arguments, ++i));
                        break;
                    case "--views":
                        String list = value(arguments, ++i);
                        views = list.equals("none") ? List.of() : List.of(list.split(","));
                        for (String view : views) {
                            if (!NexmarkQuery.NAMES.contains(view) || !NexmarkQuery.load(view).runs()) {
                                throw new IllegalArgumentException("--views takes runnable Nexmark queries (q0 … q22) or"
                                        + " none, not " + view + "\n" + USAGE);
                            }
                        }
                        break;
                    default:
                        throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
                }
            }
            if (writers < 1 || batch < 1 || probes < 1 || rateSeconds <= 0 || loadSeconds <= 0) {
                throw new IllegalArgumentException("every setting must be positive\n" + USAGE);
            }
            return new Options(writers, batch, probes, rateSeconds, loadSeconds, seed, views);
        }

        private static String value(String[] arguments, int index) {
            if (index >= arguments.length) {
                throw new IllegalArgumentException("option " + arguments[index - 1] + " needs a value\n" + USAGE);
            }
            return arguments[index];
        }
    }

    /** The latencies of one phase's probes, in nanoseconds. */
    public record Phase(String name, Samples writeToVisible, Samples writeToAck, Samples ackToVisible,
            long visibleBeforeAck, double offeredRate, double achievedRate) {
        String line() {
            return String.format(Locale.ROOT,
                    "freshness %-10s %4d probes  write->visible p50 %7.2f ms p99 %7.2f ms max %7.2f ms"
                            + "  write->ack p50 %7.2f ms  ack->visible p50 %6.3f ms p99 %6.3f ms"
                            + " (visible before ack: %d)%s",
                    name, writeToVisible.size(), ms(writeToVisible.median()), ms(writeToVisible.percentile(99)),
                    ms(writeToVisible.max()), ms(writeToAck.median()), ms(ackToVisible.median()),
                    ms(ackToVisible.percentile(99)), visibleBeforeAck,
                    offeredRate > 0 ? String.format(Locale.ROOT, "  load offered %,.0f achieved %,.0f events/s",
                            offeredRate, achievedRate) : "");
        }
    }

    /** What a run measured. */
    public record Result(double highestRate, Phase idle, Phase loaded) {
        /** The last line: the figures the goals speak of. */
        public String summary() {
            return String.format(Locale.ROOT,
                    "freshness summary: highest sustained rate %,.0f events/s; write->visible idle p50 %.2f ms"
                            + " (goal <= 5); at 50%% load p50 %.2f ms, p99 %.2f ms (goal <= 200)",
                    highestRate, ms(idle.writeToVisible.median()), ms(loaded.writeToVisible.median()),
                    ms(loaded.writeToVisible.percentile(99)));
        }
    }

    private final Options options;
    private final PrintStream out;
    private final NexmarkGenerator generator;
    private final AtomicLong nextEvent = new AtomicLong();
    private final Map<Long, Long> visibleAt = new ConcurrentHashMap<>();

    public FreshnessBenchmark(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.generator = new NexmarkGenerator(NexmarkConfig.defaults(), options.seed);
    }

    public static void main(String[] arguments) throws Exception {
        Options options;
        try {
            options = Options.parse(arguments);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        new FreshnessBenchmark(options, System.out).run();
        System.exit(0);
    }

    public Result run() throws Exception {
        out.println("freshness on RockStream: " + options + "; views "
                + (options.views.isEmpty() ? "none" : String.join(" ", options.views)) + " and the probe view");
        Path storage = Files.createTempDirectory("rockstream-freshness-");
        EngineConfig config = EngineConfig.defaults().withStorage(new LocalObjectStore(storage))
                .withCheckpoints(1, 10_000, EngineConfig.DEFAULT_RETAINED_CHECKPOINTS);
        try (Engine engine = Engine.start(config); SqlSession setup = engine.openSession()) {
            setup.execute(NexmarkQuery.ddl());
            for (String view : options.views) {
                setup.execute(NexmarkQuery.load(view).statement());
            }
            setup.execute("CREATE MATERIALIZED VIEW " + PROBE_VIEW
                    + " AS SELECT auction, count(*) AS bids, max(price) AS top FROM bid GROUP BY auction");
            try (SqlSession watcher = engine.openSession();
                    Subscription subscription = watcher.subscribe(PROBE_VIEW, false, false)) {
                AtomicBoolean stop = new AtomicBoolean();
                Thread subscriber = new Thread(() -> follow(subscription, stop), "freshness-subscriber");
                subscriber.start();
                try {
                    double highest = highestRate(engine);
                    out.printf(Locale.ROOT, "freshness highest sustained rate: %,.0f events/s (%d writers, commits"
                            + " of up to %,d events)%n", highest, options.writers, options.batch);
                    Phase idle = probe(engine, "idle", 0, 0);
                    out.println(idle.line());
                    Phase loaded = probe(engine, "50% load", highest / 2, options.loadSeconds);
                    out.println(loaded.line());
                    Result result = new Result(highest, idle, loaded);
                    out.println(result.summary());
                    return result;
                } finally {
                    stop.set(true);
                    subscription.cancelPoll();
                    subscriber.join();
                }
            }
        } finally {
            NexmarkBenchmark.delete(storage);
        }
    }

    /** Records when each marker price first shows as the probe view's maximum. */
    private void follow(Subscription subscription, AtomicBoolean stop) {
        while (!stop.get()) {
            List<Subscription.Update> updates;
            try {
                updates = subscription.poll(10_000, 100);
            } catch (RuntimeException e) {
                if (!stop.get()) {
                    e.printStackTrace();
                }
                return;
            }
            long now = System.nanoTime();
            for (Subscription.Update update : updates) {
                Row row = update.row();
                if (row != null && update.weight() > 0 && ((Number) row.get(0)).longValue() == MARKER_AUCTION) {
                    visibleAt.putIfAbsent(((Number) row.get(2)).longValue(), now);
                }
            }
        }
    }

    /** Writers at full speed: a warm-up of {@code rateSeconds}, then as long again measured. */
    private double highestRate(Engine engine) throws Exception {
        runWriters(engine, Double.MAX_VALUE, deadline(options.rateSeconds));
        return runWriters(engine, Double.MAX_VALUE, deadline(options.rateSeconds));
    }

    private static BooleanSupplier deadline(double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        return () -> System.nanoTime() < end;
    }

    /**
     * Runs {@code options.writers} writer sessions while {@code running} holds, together
     * offering {@code rate} events per second ({@link Double#MAX_VALUE}: as fast as they can);
     * returns the events per second they committed.
     */
    private double runWriters(Engine engine, double rate, BooleanSupplier running) throws Exception {
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong committed = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        double perWriter = rate == Double.MAX_VALUE ? rate : rate / options.writers;
        long start = System.nanoTime();
        for (int w = 0; w < options.writers; w++) {
            Thread thread = new Thread(() -> {
                try (SqlSession session = engine.openSession()) {
                    long written = 0;
                    while (running.getAsBoolean()) {
                        int count;
                        if (perWriter == Double.MAX_VALUE) {
                            count = options.batch;
                        } else {
                            long due = (long) (perWriter * (System.nanoTime() - start) / 1e9) - written;
                            if (due <= 0) {
                                Thread.sleep(TICK_MILLIS);
                                continue;
                            }
                            count = (int) Math.min(due, options.batch);
                        }
                        write(session, count);
                        written += count;
                        committed.addAndGet(count);
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, "freshness-writer-" + w);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return committed.get() / ((System.nanoTime() - start) / 1e9);
    }

    /** One transaction of {@code count} generated events: one COPY per table. */
    private void write(SqlSession session, int count) {
        long first = nextEvent.getAndAdd(count);
        List<List<String[]>> rows = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (long n = first; n < first + count; n++) {
            NexmarkEvent event = generator.event(n);
            rows.get(event.kind().ordinal()).add(NexmarkCsv.fields(event));
        }
        NexmarkBenchmark.commit(session, rows);
    }

    private long probeNumber;

    /** {@code options.probes} marker writes, one every {@value #PROBE_GAP_MILLIS} ms, with writers offering {@code rate}. */
    private Phase probe(Engine engine, String name, double rate, double loadSeconds) throws Exception {
        AtomicReference<Exception> loadFailure = new AtomicReference<>();
        AtomicBoolean probing = new AtomicBoolean(true);
        double[] achieved = new double[1];
        Thread load = null;
        if (rate > 0) {
            long minimum = System.nanoTime() + (long) (loadSeconds * 1e9);
            // the load lasts while probes are sent, and at least loadSeconds
            BooleanSupplier running = () -> probing.get() || System.nanoTime() < minimum;
            load = new Thread(() -> {
                try {
                    achieved[0] = runWriters(engine, rate, running);
                } catch (Exception e) {
                    loadFailure.set(e);
                }
            }, "freshness-load");
            load.start();
            Thread.sleep(500);
        }
        Samples writeToVisible = new Samples();
        Samples writeToAck = new Samples();
        Samples ackToVisible = new Samples();
        long visibleBeforeAck = 0;
        long[] sent = new long[options.probes];
        long[] acked = new long[options.probes];
        long[] numbers = new long[options.probes];
        int sentProbes = 0;
        long budgetEnd = System.nanoTime() + (long) (options.probeBudgetSeconds() * 1e9);
        try (SqlSession session = engine.openSession()) {
            for (int i = 0; i < options.probes && System.nanoTime() < budgetEnd; i++) {
                long number = ++probeNumber;
                numbers[i] = number;
                String insert = String.format(Locale.ROOT,
                        "INSERT INTO bid VALUES (%d, -1, %d, 'probe', '', TIMESTAMP '2026-01-01 00:00:00', '')",
                        MARKER_AUCTION, number);
                sent[i] = System.nanoTime();
                session.execute(insert);
                acked[i] = System.nanoTime();
                sentProbes++;
                Thread.sleep(PROBE_GAP_MILLIS);
            }
        } finally {
            probing.set(false);
        }
        if (load != null) {
            load.join();
            if (loadFailure.get() != null) {
                throw loadFailure.get();
            }
        }
        long waitUntil = System.nanoTime() + 10_000_000_000L;
        if (sentProbes < options.probes) {
            out.printf(Locale.ROOT, "freshness %s: only %d of %d probes sent within the %.0f s budget%n", name,
                    sentProbes, options.probes, options.probeBudgetSeconds());
        }
        for (int i = 0; i < sentProbes; i++) {
            Long visible;
            while ((visible = visibleAt.get(numbers[i])) == null && System.nanoTime() < waitUntil) {
                Thread.sleep(1);
            }
            if (visible == null) {
                throw new IllegalStateException("probe " + numbers[i] + " (" + name
                        + ") was acknowledged but never showed in " + PROBE_VIEW);
            }
            writeToVisible.add(visible - sent[i]);
            writeToAck.add(acked[i] - sent[i]);
            ackToVisible.add(visible - acked[i]);
            if (visible < acked[i]) {
                visibleBeforeAck++;
            }
        }
        return new Phase(name, writeToVisible, writeToAck, ackToVisible, visibleBeforeAck, rate,
                achieved[0]);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
