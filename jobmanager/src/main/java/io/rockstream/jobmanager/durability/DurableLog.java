package io.rockstream.jobmanager.durability;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.row.RowCodec;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.statebackend.objectstore.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The write-ahead log in the object store: one object per record, {@code wal/<seq>} with a
 * 20-digit sequence number, written with put-if-absent before the record's effect is
 * acknowledged (group commit: one record per epoch). Put-if-absent also fences a second
 * process writing the same log: it fails to claim the next number and stops.
 *
 * <pre>
 * object  := "RSWAL1" crc32c(payload):4 payload
 * payload := 'D' string(sql)
 *          | 'O' string(incarnation)
 *          | 'E' signed(epoch) varint(tables) (string(table) zset)*
 * </pre>
 *
 * Not thread-safe: the epoch coordinator's thread appends.
 */
public final class DurableLog {
    static final String PREFIX = "wal/";
    private static final byte[] MAGIC = "RSWAL1".getBytes(StandardCharsets.US_ASCII);

    private final ObjectStore store;
    private long lastSequence;

    /** A log whose last written record is {@code lastSequence} (0 when empty). */
    public DurableLog(ObjectStore store, long lastSequence) {
        this.store = store;
        this.lastSequence = lastSequence;
    }

    /** A record read back, with its sequence number. */
    public record Entry(long sequence, LogRecord record) {
    }

    public long lastSequence() {
        return lastSequence;
    }

    /** Writes the record durably; returns its sequence number. */
    public long append(LogRecord record) {
        long sequence = lastSequence + 1;
        String key = key(sequence);
        byte[] data = encode(record);
        // a put retried after a lost response finds its own first attempt: that is a success
        if (!store.putIfAbsent(key, data) && !store.find(key).map(found -> Arrays.equals(found, data)).orElse(false)) {
            throw RockStreamException.of(ErrorCode.IO_ERROR, "log record %s already exists in %s: another RockStream"
                    + " process is writing to the same storage", key, store.location()).withCause(new Taken());
        }
        lastSequence = sequence;
        return sequence;
    }

    /** Every record after {@code sequence}, in order; a gap or a damaged record fails with XX001. */
    public static List<Entry> readAfter(ObjectStore store, long sequence) {
        List<Entry> entries = new ArrayList<>();
        long expected = sequence + 1;
        for (ObjectStore.ObjectInfo object : store.list(PREFIX)) {
            long number = sequenceOf(object.key());
            if (number <= sequence) {
                continue;
            }
            if (number != expected) {
                throw RockStreamException.of(ErrorCode.DATA_CORRUPTED, "log record %s is missing in %s (found %s)",
                        key(expected), store.location(), object.key());
            }
            entries.add(new Entry(number, decode(object.key(), store.get(object.key()))));
            expected++;
        }
        return entries;
    }

    /** Deletes every record up to and including {@code sequence} (a retained checkpoint covers them). */
    public static void truncateThrough(ObjectStore store, long sequence) {
        for (ObjectStore.ObjectInfo object : store.list(PREFIX)) {
            if (sequenceOf(object.key()) <= sequence) {
                store.delete(object.key());
            }
        }
    }

    static String key(long sequence) {
        return PREFIX + String.format("%020d", sequence);
    }

    private static long sequenceOf(String key) {
        try {
            return Long.parseLong(key.substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            throw RockStreamException.of(ErrorCode.DATA_CORRUPTED, "unexpected object %s in the log", key);
        }
    }

    static byte[] encode(LogRecord record) {
        RowCodec.Writer payload = new RowCodec.Writer(256);
        if (record instanceof LogRecord.Ddl ddl) {
            payload.varint('D').string(ddl.sql());
        } else if (record instanceof LogRecord.Open open) {
            payload.varint('O').string(open.incarnation());
        } else if (record instanceof LogRecord.Epoch epoch) {
            payload.varint('E').signed(epoch.epoch()).varint(epoch.deltas().size());
            epoch.deltas().forEach((table, delta) -> payload.string(table).zset(delta));
        }
        return Framing.frame(MAGIC, payload.toByteArray());
    }

    static LogRecord decode(String key, byte[] data) {
        RowCodec.Reader reader = Framing.open(MAGIC, data, why -> damaged(key, why));
        long type = reader.varint();
        LogRecord record;
        if (type == 'D') {
            record = new LogRecord.Ddl(reader.string());
        } else if (type == 'O') {
            record = new LogRecord.Open(reader.string());
        } else if (type == 'E') {
            long epoch = reader.signed();
            int tables = reader.count();
            Map<String, ZSet> deltas = new LinkedHashMap<>();
            for (int i = 0; i < tables; i++) {
                String table = reader.string();
                deltas.put(table, reader.zset());
            }
            record = new LogRecord.Epoch(epoch, deltas);
        } else {
            throw damaged(key, "its record type " + type + " is unknown");
        }
        reader.expectEnd();
        return record;
    }

    private static RockStreamException damaged(String key, String why) {
        return RockStreamException.of(ErrorCode.DATA_CORRUPTED, "log record %s is damaged: %s", key, why);
    }

    /** The cause that marks an append whose sequence number another process took. */
    private static final class Taken extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Taken() {
            super("log sequence number taken", null, false, false);
        }
    }

    /** True when {@code failure} is an append that found another process's record under its number. */
    public static boolean isTaken(Throwable failure) {
        return failure != null && failure.getCause() instanceof Taken;
    }
}
