package io.rockstream.jobmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.row.Row;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.junit.jupiter.api.Test;

/**
 * A statement stopped by its timeout (or a cancel) stops computing, not only waiting: a
 * cross join that would run for hours leaves the engine idle within moments of its 57014,
 * measured as the CPU time all threads of this JVM use afterwards.
 */
class CancelStopsWorkTest extends InMemoryEngineTest {
    @Test
    void aTimedOutCrossJoinStopsComputing() throws InterruptedException {
        session.execute("CREATE TABLE big (x int)");
        StringBuilder insert = new StringBuilder("INSERT INTO big VALUES ");
        for (int i = 0; i < 3000; i++) {
            insert.append(i == 0 ? "" : ", ").append('(').append(i).append(')');
        }
        session.execute(insert.toString());
        session.execute("SET statement_timeout = '500ms'");
        // 2.7e10 combinations: hours of work
        assertThatThrownBy(() -> session.execute(
                "SELECT count(*) FROM big a, big b, big c WHERE a.x + b.x + c.x = -1"))
                .isInstanceOfSatisfying(RockStreamException.class,
                        error -> assertThat(error.code().sqlState()).isEqualTo("57014"));
        Thread.sleep(500);
        long before = cpuNanos();
        Thread.sleep(1000);
        long used = cpuNanos() - before;
        System.out.println("CancelStopsWorkTest: " + used / 1_000_000 + " ms of CPU in the second after the timeout");
        assertThat(used / 1_000_000).as("CPU ms used in the second after the timeout").isLessThan(150);

        session.execute("SET statement_timeout = 0");
        StatementResult.Rows rows = (StatementResult.Rows) session.execute("SELECT count(*) FROM big").get(0);
        assertThat(rows.rows()).containsExactly(Row.of(3000L));
    }

    private static long cpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long id : threads.getAllThreadIds()) {
            long cpu = threads.getThreadCpuTime(id);
            if (cpu > 0) {
                total += cpu;
            }
        }
        return total;
    }
}
