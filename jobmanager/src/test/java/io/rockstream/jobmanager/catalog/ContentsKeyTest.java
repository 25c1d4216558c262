package io.rockstream.jobmanager.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.ZSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The key index of contents ({@link Contents#lookup}) as views use it: a key may hold NULL
 * (a GROUP BY's NULL group), a key's row changes and disappears, and stored contents reopened
 * with other key columns than they were stored with rebuild their index.
 */
class ContentsKeyTest extends ContentsStoreTest {
    private static ZSet update(Row before, Row after) {
        ZSet change = new ZSet();
        if (before != null) {
            change.add(before, -1);
        }
        if (after != null) {
            change.add(after, 1);
        }
        return change;
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aGroupRowIsFoundByItsKeyIncludingTheNullGroup(String kind) {
        // rows as a view `SELECT count(*) AS n, g FROM t GROUP BY g` has them: the key is column 1
        Contents contents = contentsStore(kind).create("v", new int[] {1});
        contents.apply(update(null, Row.of(2L, 42)));
        contents.apply(update(null, Row.of(3L, null)));
        assertThat(contents.lookup(Row.of(42L))).isEqualTo(Row.of(2L, 42));
        assertThat(contents.lookup(Row.of((Object) null))).isEqualTo(Row.of(3L, null));
        assertThat(contents.lookup(Row.of(7))).isNull();
        contents.apply(update(Row.of(2L, 42), Row.of(5L, 42)));
        assertThat(contents.lookup(Row.of(42))).isEqualTo(Row.of(5L, 42));
        contents.apply(update(Row.of(3L, null), null));
        assertThat(contents.lookup(Row.of((Object) null))).isNull();
        assertThat(contents.size()).isEqualTo(1);
    }

    @Test
    void storedContentsReopenedWithOtherKeyColumnsRebuildTheirIndex() {
        ContentsStore contentsStore = contentsStore("stored");
        // as a checkpoint of a version without view keys left them: no index
        Contents unkeyed = contentsStore.create("v", null);
        for (int g = 0; g < 25_000; g++) {
            unkeyed.apply(ZSet.of(Row.of("n" + g, g), g % 3 + 1));
        }
        unkeyed.apply(ZSet.of(Row.of("gone", -1), 1));
        unkeyed.apply(ZSet.of(Row.of("gone", -1), -1));
        assertThat(unkeyed.lookup(Row.of(5))).isNull();

        Contents byColumn1 = contentsStore.open("v", new int[] {1});
        assertThat(byColumn1.size()).isEqualTo(unkeyed.size());
        assertThat(byColumn1.lookup(Row.of(5))).isEqualTo(Row.of("n5", 5));
        assertThat(byColumn1.lookup(Row.of(24_999L))).isEqualTo(Row.of("n24999", 24_999));
        assertThat(byColumn1.lookup(Row.of(-1))).isNull();
        assertThat(byColumn1.count(Row.of("n5", 5))).isEqualTo(3);

        Contents byColumn0 = contentsStore.open("v", new int[] {0});
        assertThat(byColumn0.lookup(Row.of("n7"))).isEqualTo(Row.of("n7", 7));
        // the index of column 1 is gone: its keys do not find rows by column 0
        assertThat(byColumn0.lookup(Row.of(7))).isNull();
        byColumn0.apply(update(Row.of("n7", 7), Row.of("n7", 70)));
        assertThat(byColumn0.lookup(Row.of("n7"))).isEqualTo(Row.of("n7", 70));

        // reopened with the columns it was stored with: kept as is
        Contents again = contentsStore.open("v", new int[] {0});
        assertThat(again.lookup(Row.of("n7"))).isEqualTo(Row.of("n7", 70));
        assertThat(contentsStore.open("v", null).lookup(Row.of("n7"))).isNull();
        assertThat(contentsStore.open("v", new int[] {0}).lookup(Row.of("n8"))).isEqualTo(Row.of("n8", 8));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void batchedReadsAnswerAsPointReadsDoAcrossMultiGetChunks(String kind) {
        Contents contents = contentsStore(kind).create("t", new int[] {0});
        ZSet rows = new ZSet();
        for (int k = 0; k < 10_000; k++) {
            if (k % 3 != 0) {
                rows.add(Row.of((long) k, "v" + k), k % 7 == 0 ? 2 : 1);
            }
        }
        contents.apply(rows);
        java.util.List<Row> asked = new java.util.ArrayList<>();
        java.util.List<Row> keys = new java.util.ArrayList<>();
        // more than one MultiGet chunk (4096), in no particular order, absent ones and NULL included
        for (int k = 9_999; k >= -5; k--) {
            asked.add(Row.of((long) k, "v" + k));
            keys.add(Row.of((long) k));
        }
        keys.add(Row.of((Object) null));
        long[] counts = contents.counts(asked);
        Row[] found = contents.lookups(keys);
        assertThat(counts).hasSize(asked.size());
        assertThat(found).hasSize(keys.size());
        long present = 0;
        for (int i = 0; i < asked.size(); i++) {
            assertThat(counts[i]).as("count of %s", asked.get(i)).isEqualTo(contents.count(asked.get(i)));
            present += counts[i] > 0 ? 1 : 0;
        }
        for (int i = 0; i < keys.size(); i++) {
            assertThat(found[i]).as("row under %s", keys.get(i)).isEqualTo(contents.lookup(keys.get(i)));
        }
        assertThat(present).isEqualTo(6_666);
        assertThat(counts[9_999 - 14]).isEqualTo(2);
        assertThat(contents.counts(java.util.List.of())).isEmpty();
    }
}
