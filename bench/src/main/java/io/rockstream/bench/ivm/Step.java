package io.rockstream.bench.ivm;

import java.util.Optional;

/**
 * One (view, change size) measurement. Times are nanoseconds. For the one-row change the
 * maintenance figures are per statement: median wall and Java-threads CPU, mean process CPU
 * (the process clock moves in 10 ms ticks); for the batches, the one statement.
 *
 * @param method how the change is applied
 * @param rowsChanged lineitem rows the change updated (per statement for the one-row change)
 * @param maintainWall wall time of the UPDATE, which returns once the view is up to date
 * @param maintainThreadsCpu CPU of every Java thread (engine slots, coordinator, caller), no GC/JIT
 * @param maintainProcessCpu CPU of the whole JVM, GC and JIT included
 * @param recomputeWall wall time of running the view's query ad hoc after the change
 * @param postgresChangeWall wall time of the same UPDATE(s) in PostgreSQL (empty without it)
 * @param postgresRefreshWall wall time of REFRESH MATERIALIZED VIEW after it
 * @param postgresRefreshCpu the backend's CPU for the REFRESH, if /proc tells
 * @param matched whether the view equalled its recomputed query afterwards
 * @param postgresMatched whether PostgreSQL's refreshed view held the same rows (empty without it)
 */
record Step(String view, Method method, Change change, long rowsChanged, long maintainWall, long maintainThreadsCpu,
        long maintainProcessCpu, long recomputeWall, long recomputeThreadsCpu, long recomputeProcessCpu,
        Optional<Long> postgresChangeWall, Optional<Long> postgresRefreshWall, Optional<Long> postgresRefreshCpu,
        boolean matched, Optional<Boolean> postgresMatched) {

    /** How a change reaches lineitem. */
    enum Method {
        /**
         * {@code UPDATE lineitem SET l_extendedprice = l_extendedprice + 1} (a measure column):
         * by primary key for one row, over a range of {@code l_id} for a batch. DML finds rows by
         * primary key only for a point predicate, so a range UPDATE reads all of lineitem.
         */
        UPDATE("update"),
        /**
         * New lineitem rows (copies of existing orders' lines under new keys): a literal
         * single-row INSERT for one row, one COPY for a batch. No rows are read to find them.
         */
        INSERT("insert");

        private final String label;

        Method(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    /** The change sizes, as a share of the loaded lineitem rows. */
    enum Change {
        ONE_ROW("1 row"), ONE_PERCENT("1%"), HALF("50%");

        private final String label;

        Change(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    /**
     * Maintenance CPU as compared with recompute: Java-threads CPU for the one-row change (its
     * process CPU is below the clock's resolution), process CPU for the batches (GC included).
     */
    long maintainCpu() {
        return change == Change.ONE_ROW ? maintainThreadsCpu : maintainProcessCpu;
    }

    /** Recompute CPU, on the same clock as {@link #maintainCpu()}. */
    long recomputeCpu() {
        return change == Change.ONE_ROW ? recomputeThreadsCpu : recomputeProcessCpu;
    }

    /** Recompute CPU / maintenance CPU. */
    double recomputeRatio() {
        return (double) recomputeCpu() / Math.max(1, maintainCpu());
    }

    /** PostgreSQL REFRESH backend CPU / our maintenance CPU. */
    Optional<Double> postgresCpuRatio() {
        return postgresRefreshCpu.map(cpu -> (double) cpu / Math.max(1, maintainCpu()));
    }

    /** PostgreSQL REFRESH wall / our maintenance wall. */
    Optional<Double> postgresWallRatio() {
        return postgresRefreshWall.map(wall -> (double) wall / Math.max(1, maintainWall));
    }

    /** The goal for this change size, as the least recompute/maintain CPU ratio. */
    double goal() {
        switch (change) {
            case ONE_ROW:
                return 1000;
            case ONE_PERCENT:
                return 10;
            case HALF:
                return 1 / 1.5;
        }
        throw new IllegalStateException("unknown change " + change);
    }

    boolean goalMet() {
        return recomputeRatio() >= goal();
    }
}
