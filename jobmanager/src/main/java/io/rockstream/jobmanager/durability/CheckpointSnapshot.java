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
 * What the JobManager saves in a checkpoint: the catalog as the DDL statements that
 * recreate it (dependencies first) and every table's contents at a complete epoch, with
 * the log position they include. Views are rebuilt from these on restore.
 *
 * <pre>
 * payload := signed(epoch) signed(walSequence)
 *            varint(statements) string(sql)*
 *            varint(tables) (string(table) zset)*
 * </pre>
 */
public record CheckpointSnapshot(long epoch, long walSequence, List<String> catalog, Map<String, ZSet> tables) {
    private static final byte[] MAGIC = "RSCKP1".getBytes(StandardCharsets.US_ASCII);

    public CheckpointSnapshot {
        catalog = List.copyOf(requireNonNull(catalog, "catalog is null"));
        tables = new LinkedHashMap<>(requireNonNull(tables, "tables is null"));
    }

    public byte[] encode() {
        long rows = tables.values().stream().mapToLong(ZSet::size).sum();
        RowCodec.Writer writer = new RowCodec.Writer((int) Math.min(Integer.MAX_VALUE / 2, 1024 + rows * 32));
        writer.signed(epoch).signed(walSequence).varint(catalog.size());
        catalog.forEach(writer::string);
        writer.varint(tables.size());
        tables.forEach((table, contents) -> writer.string(table).zset(contents));
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
        reader.expectEnd();
        return new CheckpointSnapshot(epoch, walSequence, List.of(catalog), tables);
    }
}
