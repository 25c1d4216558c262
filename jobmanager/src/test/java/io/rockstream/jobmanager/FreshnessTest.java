package io.rockstream.jobmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockstream.jobgraph.error.RockStreamException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code freshness} session option: {@code serializable} (the default) reads the last
 * complete epoch; {@code strict} first waits for every write submitted before the read. The
 * epoch loop is held by a control task so that a write stays submitted but incomplete.
 */
class FreshnessTest extends InMemoryEngineTest {
    private SqlSession writer;
    private SqlSession reader;

    @BeforeEach
    void openSessions() {
        writer = session;
        reader = engine.openSession();
        writer.execute("CREATE TABLE t (k int PRIMARY KEY, v text); INSERT INTO t VALUES (1, 'one')");
    }

    @AfterEach
    void closeReader() {
        reader.close();
    }

    @Test
    void strictReadsWaitForWritesSubmittedBeforeThem() throws Exception {
        HeldLoop held = holdEpochLoop();
        // the write is submitted, but its epoch cannot run while the loop is held
        CompletableFuture<List<StatementResult>> write = CompletableFuture.supplyAsync(
                () -> writer.execute("INSERT INTO t VALUES (2, 'two')"));
        Thread.sleep(200);
        assertThat(write).isNotDone();

        // serializable: the last complete epoch, at once, without the unacknowledged row
        assertThat(rows(reader, "SHOW freshness")).containsExactly("[serializable]");
        assertThat(rows(reader, "SELECT k FROM t ORDER BY k")).containsExactly("[1]");

        reader.execute("SET freshness = strict");
        assertThat(rows(reader, "SHOW freshness")).containsExactly("[strict]");
        CompletableFuture<List<String>> strict = CompletableFuture.supplyAsync(
                () -> rows(reader, "SELECT k FROM t WHERE k = 2"));
        Thread.sleep(200);
        assertThat(strict).as("a strict read waits for the submitted write").isNotDone();
        held.close();
        assertThat(strict.get(10, TimeUnit.SECONDS)).containsExactly("[2]");
        write.get(10, TimeUnit.SECONDS);

        // with nothing pending, a strict read does not wait on anything but one (empty) epoch
        assertThat(rows(reader, "SELECT count(*) FROM t")).containsExactly("[2]");
        reader.execute("SET freshness TO DEFAULT");
        assertThat(rows(reader, "SHOW freshness")).containsExactly("[serializable]");
    }

    @Test
    void anUnknownFreshnessIsRefused() {
        assertThatThrownBy(() -> reader.execute("SET freshness = 'eventual'"))
                .isInstanceOfSatisfying(RockStreamException.class, error -> {
                    assertThat(error.code().sqlState()).isEqualTo("22023");
                    assertThat(error.getMessage()).contains("freshness").contains("eventual");
                });
        assertThat(rows(reader, "SHOW freshness")).containsExactly("[serializable]");
        reader.execute("SET freshness = 'STRICT'");
        assertThat(rows(reader, "SHOW freshness")).containsExactly("[strict]");
    }
}
