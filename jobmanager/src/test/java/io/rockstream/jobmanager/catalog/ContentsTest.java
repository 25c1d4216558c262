package io.rockstream.jobmanager.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockstream.compiler.catalog.RelationEntry;
import io.rockstream.compiler.catalog.RelationKind;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.row.Column;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.jobgraph.type.SqlType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Both kinds of contents obey one contract; stored contents also survive a reopen of the store. */
class ContentsTest extends ContentsStoreTest {
    private static final int[] KEY = {0};

    private static Map<Row, Long> all(Contents contents) {
        ZSet rows = new ZSet();
        try (Contents.Reader reader = contents.read()) {
            reader.forEachChunk(2, rows::addAll);
        }
        return rows.toMap();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void countsRowsByTheirSqlValue(String kind) {
        Contents contents = contentsStore(kind).create("t", KEY);
        contents.apply(ZSet.of(Row.of(1, new BigDecimal("1.50"), null), 1));
        contents.apply(ZSet.of(Row.of(2L, "x", null), 2));
        assertThat(contents.count(Row.of(1L, new BigDecimal("1.5"), null))).isEqualTo(1);
        assertThat(contents.count(Row.of(2, "x", null))).isEqualTo(2);
        assertThat(contents.size()).isEqualTo(3);
        assertThat(contents.lookup(Row.of(new BigDecimal("1.0")))).isEqualTo(Row.of(1, new BigDecimal("1.50"), null));
        contents.apply(ZSet.of(Row.of(1L, new BigDecimal("1.5"), null), -1));
        assertThat(contents.count(Row.of(1, new BigDecimal("1.50"), null))).isZero();
        assertThat(contents.lookup(Row.of(1))).isNull();
        assertThat(all(contents)).containsExactly(Map.entry(Row.of(2L, "x", null), 2L));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aKeyThatChangesRowInOneChangeEndsWithTheNewRow(String kind) {
        Contents contents = contentsStore(kind).create("t", KEY);
        contents.apply(ZSet.of(Row.of(7, "old"), 1));
        ZSet update = new ZSet();
        update.add(Row.of(7, "new"), 1);
        update.add(Row.of(7, "old"), -1);
        contents.apply(update);
        assertThat(contents.lookup(Row.of(7))).isEqualTo(Row.of(7, "new"));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aReadDoesNotSeeLaterChanges(String kind) {
        Contents contents = contentsStore(kind).create("t", null);
        for (int i = 0; i < 5; i++) {
            contents.apply(ZSet.of(Row.of(i), 1));
        }
        try (Contents.Reader reader = contents.read()) {
            contents.apply(ZSet.of(Row.of(99), 1));
            contents.apply(ZSet.of(Row.of(0), -1));
            List<ZSet> chunks = new ArrayList<>();
            reader.forEachChunk(2, chunks::add);
            ZSet rows = new ZSet();
            chunks.forEach(rows::addAll);
            assertThat(rows.toMap()).hasSize(5).containsKey(Row.of(0)).doesNotContainKey(Row.of(99));
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void liveRowsAreVisibleRowsPlusTheWritesNotYetVisible(String kind) {
        ContentsStore contentsStore = contentsStore(kind);
        RelationEntry entry = new RelationEntry("t", RelationKind.TABLE,
                List.of(new Column("k", SqlType.INTEGER, false), new Column("v", SqlType.TEXT, true)), List.of(0),
                java.util.Arrays.asList(null, null), null);
        TableData table = new TableData(entry, contentsStore.create("t", KEY));
        ZSet first = ZSet.of(Row.of(1, "a"), 1);
        table.apply(first);
        assertThat(table.lookup(Row.of(1))).isEqualTo(Row.of(1, "a"));
        assertThatThrownBy(() -> table.apply(ZSet.of(Row.of(1, "b"), 1))).isInstanceOf(RockStreamException.class)
                .hasMessageContaining("duplicate key");
        ZSet second = new ZSet();
        second.add(Row.of(1, "a"), -1);
        second.add(Row.of(1, "b"), 1);
        table.apply(second);
        // the first epoch completes: its change moves from the overlay to the visible contents
        table.visibleContents().apply(first);
        assertThat(table.visibleContents().lookup(Row.of(1))).isEqualTo(Row.of(1, "a"));
        assertThat(table.lookup(Row.of(1))).isEqualTo(Row.of(1, "b"));
        assertThat(table.count(Row.of(1, "a"))).isZero();
        assertThatThrownBy(() -> table.apply(ZSet.of(Row.of(1, "a"), -1))).isInstanceOf(RockStreamException.class)
                .hasMessageContaining("concurrent update");
        ZSet live = new ZSet();
        try (Contents.Reader reader = table.readLive()) {
            reader.forEachChunk(10, live::addAll);
        }
        assertThat(live.consolidate().toMap()).containsExactly(Map.entry(Row.of(1, "b"), 1L));
        table.visibleContents().apply(second);
        assertThat(table.visibleContents().lookup(Row.of(1))).isEqualTo(Row.of(1, "b"));
        assertThat(table.lookup(Row.of(1))).isEqualTo(Row.of(1, "b"));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void storedContentsOutliveTheirObjectAndCreateStartsEmpty(String kind) {
        ContentsStore contentsStore = contentsStore(kind);
        contentsStore.create("v", null).apply(ZSet.of(Row.of("kept"), 3));
        Contents reopened = contentsStore.open("v", null);
        if (kind.equals("stored")) {
            assertThat(reopened.size()).isEqualTo(3);
            assertThat(reopened.count(Row.of("kept"))).isEqualTo(3);
        }
        Contents fresh = contentsStore.create("v", null);
        assertThat(fresh.size()).isZero();
        assertThat(all(fresh)).isEmpty();
    }
}
