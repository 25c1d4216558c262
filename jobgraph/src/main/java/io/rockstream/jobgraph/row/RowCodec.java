package io.rockstream.jobgraph.row;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.type.Bytes;
import io.rockstream.jobgraph.type.Interval;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;

/**
 * The compact binary form of rows and Z-sets, used wherever rows leave the heap: the
 * write-ahead log, checkpoints and the RocksDB state backend. Each value is tagged with its
 * class, so a row decodes without a schema; integers use zig-zag varints.
 *
 * <pre>
 * row   := varint(columns) value*
 * value := tag payload      (tag 0 = NULL, no payload)
 * zset  := varint(entries) (row zigzag(weight))*
 * </pre>
 *
 * The format is part of the durable data: change it only by adding tags.
 */
public final class RowCodec {
    private static final int NULL = 0;
    private static final int FALSE = 1;
    private static final int TRUE = 2;
    private static final int SMALLINT = 3;
    private static final int INTEGER = 4;
    private static final int BIGINT = 5;
    private static final int REAL = 6;
    private static final int DOUBLE = 7;
    private static final int NUMERIC = 8;
    private static final int TEXT = 9;
    private static final int DATE = 10;
    private static final int TIME = 11;
    private static final int TIMESTAMP = 12;
    private static final int TIMESTAMPTZ = 13;
    private static final int INTERVAL = 14;
    private static final int BYTEA = 15;

    private RowCodec() {
    }

    public static byte[] encode(Row row) {
        Writer writer = new Writer(16 + row.size() * 8);
        writer.row(row);
        return writer.toByteArray();
    }

    public static Row decode(byte[] bytes) {
        Reader reader = new Reader(bytes, 0, bytes.length);
        Row row = reader.row();
        reader.expectEnd();
        return row;
    }

    public static byte[] encode(ZSet zset) {
        Writer writer = new Writer(16 + zset.size() * 24);
        writer.zset(zset);
        return writer.toByteArray();
    }

    public static ZSet decodeZSet(byte[] bytes) {
        Reader reader = new Reader(bytes, 0, bytes.length);
        ZSet zset = reader.zset();
        reader.expectEnd();
        return zset;
    }

    /** Appends rows, Z-sets and plain numbers and strings to a growing buffer. */
    public static final class Writer {
        private byte[] buffer;
        private int length;

        public Writer(int capacity) {
            buffer = new byte[Math.max(capacity, 16)];
        }

        public Writer row(Row row) {
            varint(row.size());
            for (int i = 0; i < row.size(); i++) {
                value(row.get(i));
            }
            return this;
        }

        public Writer zset(ZSet zset) {
            varint(zset.size());
            for (int i = 0; i < zset.size(); i++) {
                row(zset.row(i));
                signed(zset.weight(i));
            }
            return this;
        }

        public Writer value(Object value) {
            if (value == null) {
                put(NULL);
            } else if (value instanceof Boolean bool) {
                put(bool ? TRUE : FALSE);
            } else if (value instanceof Short number) {
                put(SMALLINT);
                signed(number);
            } else if (value instanceof Integer number) {
                put(INTEGER);
                signed(number);
            } else if (value instanceof Long number) {
                put(BIGINT);
                signed(number);
            } else if (value instanceof Float number) {
                put(REAL);
                fixed32(Float.floatToRawIntBits(number));
            } else if (value instanceof Double number) {
                put(DOUBLE);
                fixed64(Double.doubleToRawLongBits(number));
            } else if (value instanceof BigDecimal decimal) {
                put(NUMERIC);
                signed(decimal.scale());
                bytes(decimal.unscaledValue().toByteArray());
            } else if (value instanceof String text) {
                put(TEXT);
                string(text);
            } else if (value instanceof LocalDate date) {
                put(DATE);
                signed(date.toEpochDay());
            } else if (value instanceof LocalTime time) {
                put(TIME);
                signed(time.toNanoOfDay());
            } else if (value instanceof LocalDateTime timestamp) {
                put(TIMESTAMP);
                signed(timestamp.toLocalDate().toEpochDay());
                signed(timestamp.toLocalTime().toNanoOfDay());
            } else if (value instanceof Instant instant) {
                put(TIMESTAMPTZ);
                signed(instant.getEpochSecond());
                signed(instant.getNano());
            } else if (value instanceof Interval interval) {
                put(INTERVAL);
                signed(interval.months());
                signed(interval.days());
                signed(interval.micros());
            } else if (value instanceof Bytes data) {
                put(BYTEA);
                bytes(data.toByteArray());
            } else {
                throw RockStreamException.internal("cannot encode a value of class " + value.getClass().getName(), null);
            }
            return this;
        }

        public Writer string(String text) {
            return bytes(text.getBytes(StandardCharsets.UTF_8));
        }

        public Writer bytes(byte[] data) {
            varint(data.length);
            ensure(data.length);
            System.arraycopy(data, 0, buffer, length, data.length);
            length += data.length;
            return this;
        }

        /** A zig-zag varint: small magnitudes of either sign take one byte. */
        public Writer signed(long value) {
            return varint((value << 1) ^ (value >> 63));
        }

        public Writer varint(long value) {
            ensure(10);
            while ((value & ~0x7FL) != 0) {
                buffer[length++] = (byte) ((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            buffer[length++] = (byte) value;
            return this;
        }

        public Writer fixed32(int value) {
            ensure(4);
            for (int shift = 24; shift >= 0; shift -= 8) {
                buffer[length++] = (byte) (value >>> shift);
            }
            return this;
        }

        public Writer fixed64(long value) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buffer[length++] = (byte) (value >>> shift);
            }
            return this;
        }

        private void put(int tag) {
            ensure(1);
            buffer[length++] = (byte) tag;
        }

        private void ensure(int extra) {
            if (length + extra > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + extra));
            }
        }

        public int length() {
            return length;
        }

        public byte[] toByteArray() {
            return Arrays.copyOf(buffer, length);
        }

        public void writeTo(ByteArrayOutputStream out) {
            out.write(buffer, 0, length);
        }
    }

    /** Reads what a {@link Writer} wrote; a truncated or malformed input fails with XX001. */
    public static final class Reader {
        private final byte[] buffer;
        private final int end;
        private int position;

        public Reader(byte[] buffer, int offset, int length) {
            this.buffer = buffer;
            this.position = offset;
            this.end = offset + length;
        }

        public Row row() {
            int columns = count();
            Object[] values = new Object[columns];
            for (int i = 0; i < columns; i++) {
                values[i] = value();
            }
            return Row.wrap(values);
        }

        public ZSet zset() {
            int entries = count();
            ZSet zset = new ZSet(Math.max(entries, 4));
            for (int i = 0; i < entries; i++) {
                Row row = row();
                zset.add(row, signed());
            }
            return zset;
        }

        public Object value() {
            int tag = take();
            switch (tag) {
                case NULL:
                    return null;
                case FALSE:
                    return Boolean.FALSE;
                case TRUE:
                    return Boolean.TRUE;
                case SMALLINT:
                    return (short) signed();
                case INTEGER:
                    return (int) signed();
                case BIGINT:
                    return signed();
                case REAL:
                    return Float.intBitsToFloat(fixed32());
                case DOUBLE:
                    return Double.longBitsToDouble(fixed64());
                case NUMERIC: {
                    int scale = (int) signed();
                    return new BigDecimal(new BigInteger(bytes()), scale);
                }
                case TEXT:
                    return string();
                case DATE:
                    return LocalDate.ofEpochDay(signed());
                case TIME:
                    return LocalTime.ofNanoOfDay(signed());
                case TIMESTAMP: {
                    LocalDate date = LocalDate.ofEpochDay(signed());
                    return LocalDateTime.of(date, LocalTime.ofNanoOfDay(signed()));
                }
                case TIMESTAMPTZ: {
                    long seconds = signed();
                    return Instant.ofEpochSecond(seconds, signed());
                }
                case INTERVAL: {
                    int months = (int) signed();
                    int days = (int) signed();
                    return new Interval(months, days, signed());
                }
                case BYTEA:
                    return Bytes.wrap(bytes());
                default:
                    throw corrupt("unknown value tag " + tag);
            }
        }

        public String string() {
            int size = count();
            need(size);
            String text = new String(buffer, position, size, StandardCharsets.UTF_8);
            position += size;
            return text;
        }

        public byte[] bytes() {
            int size = count();
            need(size);
            byte[] data = Arrays.copyOfRange(buffer, position, position + size);
            position += size;
            return data;
        }

        public long signed() {
            long raw = varint();
            return (raw >>> 1) ^ -(raw & 1);
        }

        /** A non-negative count that must fit in what is left of the input. */
        public int count() {
            long value = varint();
            if (value < 0 || value > end - position) {
                throw corrupt("a length of " + value + " exceeds the remaining " + (end - position) + " bytes");
            }
            return (int) value;
        }

        public long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int next = take();
                value |= (long) (next & 0x7F) << shift;
                if ((next & 0x80) == 0) {
                    return value;
                }
            }
            throw corrupt("a varint longer than 10 bytes");
        }

        public int fixed32() {
            need(4);
            int value = 0;
            for (int i = 0; i < 4; i++) {
                value = (value << 8) | (buffer[position++] & 0xFF);
            }
            return value;
        }

        public long fixed64() {
            need(8);
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (buffer[position++] & 0xFF);
            }
            return value;
        }

        public boolean atEnd() {
            return position >= end;
        }

        public int position() {
            return position;
        }

        public void expectEnd() {
            if (position != end) {
                throw corrupt((end - position) + " unexpected trailing bytes");
            }
        }

        private int take() {
            need(1);
            return buffer[position++] & 0xFF;
        }

        private void need(int bytes) {
            if (end - position < bytes) {
                throw corrupt("unexpected end of data");
            }
        }

        private static RockStreamException corrupt(String what) {
            return RockStreamException.of(ErrorCode.DATA_CORRUPTED, "corrupt row data: %s", what);
        }
    }
}
