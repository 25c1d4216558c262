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
 * statements that recreate it (dependencies first), and every materialized view's job graph
 * and data errors, with the log position they include. The contents of tables and views
 * and the views' operator state are in the TaskManager's state checkpoint beside it (the
 * RocksDB store holds them); a view whose recompiled job graph differs from the saved one
 * is rebuilt from its inputs.
 *
 * <pre>
 * payload := signed(epoch) signed(walSequence)
 *            varint(statements) string(sql)*
 *            varint(views) (string(view) string(jobGraphJson) zset(errors))*
 * </pre>
 *
 * Version 3 ({@code RSCKP3}); version 2 also held every table's and view's contents.
 */
public record CheckpointSnapshot(long epoch, long walSequence, List<String> catalog, Map<String, ViewState> views) {
    private static final byte[] MAGIC = "RSCKP3".getBytes(StandardCharsets.US_ASCII);

    public CheckpointSnapshot {
        catalog = List.copyOf(requireNonNull(catalog, "catalog is null"));
        views = new LinkedHashMap<>(requireNonNull(views, "views is null"));
    }

    /** A materialized view at the checkpoint's epoch. */
    public record ViewState(String jobGraphJson, ZSet errors) {
        public ViewState {
            requireNonNull(jobGraphJson, "jobGraphJson is null");
            requireNonNull(errors, "errors is null");
        }
    }

    public byte[] encode() {
        RowCodec.Writer writer = new RowCodec.Writer(4096);
        writer.signed(epoch).signed(walSequence).varint(catalog.size());
        catalog.forEach(writer::string);
        writer.varint(views.size());
        views.forEach((view, state) -> writer.string(view).string(state.jobGraphJson()).zset(state.errors()));
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
        int viewCount = reader.count();
        Map<String, ViewState> views = new LinkedHashMap<>();
        for (int i = 0; i < viewCount; i++) {
            String view = reader.string();
            String graph = reader.string();
            views.put(view, new ViewState(graph, reader.zset()));
        }
        reader.expectEnd();
        return new CheckpointSnapshot(epoch, walSequence, List.of(catalog), views);
    }
}
