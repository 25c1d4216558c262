package io.rockstream.sqllogictest;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.ThreadLocalRandom;

/**
 * How the runner runs.
 *
 * @param engineName the name {@code skipif}/{@code onlyif} match ({@code postgresql})
 * @param seed the seed of the DML batching in view mode; each file mixes in its name
 * @param viewMode whether every query is also checked as a materialized view
 * @param maxLiveViews views kept alive at once; queries past the limit get their view at
 *        their own position, so they check the initial load, not maintenance
 */
public record SltOptions(String engineName, long seed, boolean viewMode, int maxLiveViews) {
    public SltOptions {
        requireNonNull(engineName, "engineName is null");
        if (maxLiveViews < 1) {
            throw new IllegalArgumentException("maxLiveViews must be positive: " + maxLiveViews);
        }
    }

    /**
     * From system properties: {@code slt.seed} (random when absent), {@code slt.views}
     * (default true) and {@code slt.maxLiveViews} (default 1000).
     */
    public static SltOptions fromSystemProperties() {
        String seed = System.getProperty("slt.seed");
        return new SltOptions("postgresql,rockstream",
                seed == null || seed.isBlank() ? ThreadLocalRandom.current().nextLong() : Long.parseLong(seed.strip()),
                Boolean.parseBoolean(System.getProperty("slt.views", "true")),
                Integer.getInteger("slt.maxLiveViews", 1000));
    }

    public SltOptions withSeed(long newSeed) {
        return new SltOptions(engineName, newSeed, viewMode, maxLiveViews);
    }
}
