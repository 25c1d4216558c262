package io.rockstream.jobmanager.durability;

import static java.util.Objects.requireNonNull;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.row.RowCodec;
import io.rockstream.jobgraph.row.ZSet;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the JobManager saves in a checkpoint, at a complete epoch: the catalog as the DDL
 * statements that recreate it (dependencies first), every table's contents, and every
 * materialized view's job graph, contents and data errors, with the log position they
 * include. The views' operator state is in the TaskManager's state checkpoint beside it; a
 * view whose recompiled job graph differs from the saved one is rebuilt from its inputs.
 *
 * <pre>
 * payload := signed(epoch) signed(walSequence)
 *            varint(statements) string(sql)*
 *            varint(tables) (string(table) zset)*
 *            varint(views) (string(view) string(jobGraphJson) zset(contents) zset(errors))*
 * </pre>
 */
public record CheckpointSnapshot(long epoch, long walSequence, List<String> catalog, Map<String, ZSet> tables,
        Map<String, ViewState> views) {
    private static final byte[] MAGIC = "RSCKP2".getBytes(StandardCharsets.US_ASCII);

    public CheckpointSnapshot {
        catalog = List.copyOf(requireNonNull(catalog, "catalog is null"));
        tables = new LinkedHashMap<>(requireNonNull(tables, "tables is null"));
        views = new LinkedHashMap<>(requireNonNull(views, "views is null"));
    }

    /** A materialized view at the checkpoint's epoch. */
    public record ViewState(String jobGraphJson, ZSet contents, ZSet errors) {
        public ViewState {
            requireNonNull(jobGraphJson, "jobGraphJson is null");
            requireNonNull(contents, "contents is null");
            requireNonNull(errors, "errors is null");
        }
    }

    public byte[] encode() {
        long rows = tables.values().stream().mapToLong(ZSet::size).sum();
        RowCodec.Writer writer = new RowCodec.Writer((int) Math.min(Integer.MAX_VALUE / 2, 1024 + rows * 32));
        writer.signed(epoch).signed(walSequence).varint(catalog.size());
        catalog.forEach(writer::string);
        writer.varint(tables.size());
        tables.forEach((table, contents) -> writer.string(table).zset(contents));
        writer.varint(views.size());
        views.forEach((view, state) -> writer.string(view).string(state.jobGraphJson()).zset(state.contents())
                .zset(state.errors()));
        return Framing.frame(MAGIC, writer.toByteArray());
    }

    public static CheckpointSnapshot decode(String key, byte[] data) {
        RowCodec.Reader reader = Framing.open(MAGIC, data, why -> RockStreamException.of(ErrorCode.DATA_CORRUPTED,
                "checkpoint object %s is damaged: %s", key, why));
        long epoch = reader.signed();
        long walSequence = reader.signed();
        int statements = reader.count();
        String[] catalog = new String[statements];
        for (int i = 0; i < statements; i++) {
            catalog[i] = reader.string();
        }
        int count = reader.count();
        Map<String, ZSet> tables = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String table = reader.string();
            tables.put(table, reader.zset());
        }
        int viewCount = reader.count();
        Map<String, ViewState> views = new LinkedHashMap<>();
        for (int i = 0; i < viewCount; i++) {
            String view = reader.string();
            String graph = reader.string();
            ZSet contents = reader.zset();
            views.put(view, new ViewState(graph, contents, reader.zset()));
        }
        reader.expectEnd();
        return new CheckpointSnapshot(epoch, walSequence, List.of(catalog), tables, views);
    }
}
