package io.rockstream.gateway;

import io.rockstream.jobgraph.type.Bytes;
import io.rockstream.jobgraph.type.Interval;
import io.rockstream.jobgraph.type.SqlType;
import io.rockstream.taskmanager.expr.PgText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Values on the wire: result columns in text (PostgreSQL output syntax) or binary (the
 * {@code typsend} layouts), and parameters received in binary turned back into text.
 * Binary dates and timestamps count from 2000-01-01 (days, microseconds), as
 * {@code integer_datetimes} says.
 */
final class PgValues {
    /** 2000-01-01 in days since 1970-01-01. */
    private static final long POSTGRES_EPOCH_DAYS = 10_957;
    private static final long POSTGRES_EPOCH_SECONDS = POSTGRES_EPOCH_DAYS * 86_400;
    private static final BigInteger TEN_THOUSAND = BigInteger.valueOf(10_000);

    private PgValues() {
    }

    /** The bytes of {@code value} in the given format; null for SQL NULL. */
    static byte[] encode(Object value, SqlType type, boolean binary) {
        if (value == null) {
            return null;
        }
        if (!binary) {
            return PgText.format(value, type).getBytes(StandardCharsets.UTF_8);
        }
        if (value instanceof Boolean b) {
            return new byte[] {(byte) (b ? 1 : 0)};
        }
        if (value instanceof Short s) {
            return ByteBuffer.allocate(2).putShort(s).array();
        }
        if (value instanceof Integer i) {
            return ByteBuffer.allocate(4).putInt(i).array();
        }
        if (value instanceof Long l) {
            return ByteBuffer.allocate(8).putLong(l).array();
        }
        if (value instanceof Float f) {
            return ByteBuffer.allocate(4).putFloat(f).array();
        }
        if (value instanceof Double d) {
            return ByteBuffer.allocate(8).putDouble(d).array();
        }
        if (value instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        if (value instanceof Bytes bytes) {
            return bytes.toByteArray();
        }
        if (value instanceof BigDecimal decimal) {
            return numeric(decimal);
        }
        if (value instanceof LocalDate date) {
            return ByteBuffer.allocate(4).putInt((int) (date.toEpochDay() - POSTGRES_EPOCH_DAYS)).array();
        }
        if (value instanceof LocalTime time) {
            return ByteBuffer.allocate(8).putLong(time.toNanoOfDay() / 1000).array();
        }
        if (value instanceof LocalDateTime timestamp) {
            return ByteBuffer.allocate(8).putLong(micros(timestamp.toInstant(ZoneOffset.UTC))).array();
        }
        if (value instanceof Instant instant) {
            return ByteBuffer.allocate(8).putLong(micros(instant)).array();
        }
        if (value instanceof Interval interval) {
            return ByteBuffer.allocate(16).putLong(interval.micros()).putInt(interval.days())
                    .putInt(interval.months()).array();
        }
        throw new ProtocolException("0A000", "binary output is not supported for type " + type);
    }

    private static long micros(Instant instant) {
        return (instant.getEpochSecond() - POSTGRES_EPOCH_SECONDS) * 1_000_000 + instant.getNano() / 1000;
    }

    /**
     * numeric_send: int16 ndigits, int16 weight (of the first base-10000 digit), int16 sign
     * (0x0000 positive, 0x4000 negative), int16 dscale, then ndigits int16 digits.
     */
    static byte[] numeric(BigDecimal value) {
        int scale = Math.max(value.scale(), 0);
        BigDecimal abs = value.abs().setScale(scale);
        // align the fraction to whole base-10000 digits: scale up to a multiple of 4
        int alignedScale = (scale + 3) / 4 * 4;
        BigInteger unscaled = abs.setScale(alignedScale).unscaledValue();
        List<Short> digits = new ArrayList<>();
        while (unscaled.signum() > 0) {
            BigInteger[] division = unscaled.divideAndRemainder(TEN_THOUSAND);
            digits.add(0, division[1].shortValue());
            unscaled = division[0];
        }
        int weight = digits.size() - alignedScale / 4 - 1;
        while (!digits.isEmpty() && digits.get(digits.size() - 1) == 0) {
            digits.remove(digits.size() - 1);
        }
        ByteBuffer out = ByteBuffer.allocate(8 + 2 * digits.size());
        out.putShort((short) digits.size());
        out.putShort((short) (digits.isEmpty() ? 0 : weight));
        out.putShort((short) (value.signum() < 0 ? 0x4000 : 0));
        out.putShort((short) scale);
        for (short digit : digits) {
            out.putShort(digit);
        }
        return out.array();
    }

    /**
     * The text form of a binary parameter of type {@code oid}, for binding as a literal.
     * Supported: bool, int2, int4, int8, float4, float8, text, varchar, bpchar, bytea, date,
     * timestamp, timestamptz.
     */
    static String decodeBinary(byte[] value, int oid) {
        ByteBuffer in = ByteBuffer.wrap(value);
        String text = switch (oid) {
            case PgTypes.BOOL -> expectLength(value, 1, oid) && value[0] != 0 ? "t" : "f";
            case PgTypes.INT2 -> expectLength(value, 2, oid) ? Short.toString(in.getShort()) : null;
            case PgTypes.INT4 -> expectLength(value, 4, oid) ? Integer.toString(in.getInt()) : null;
            case PgTypes.INT8 -> expectLength(value, 8, oid) ? Long.toString(in.getLong()) : null;
            case PgTypes.FLOAT4 -> expectLength(value, 4, oid) ? PgText.formatFloat(in.getFloat()) : null;
            case PgTypes.FLOAT8 -> expectLength(value, 8, oid) ? PgText.formatDouble(in.getDouble()) : null;
            case PgTypes.TEXT, PgTypes.VARCHAR, PgTypes.BPCHAR, PgTypes.UNKNOWN ->
                    new String(value, StandardCharsets.UTF_8);
            case PgTypes.BYTEA -> Bytes.wrap(value).toString();
            case PgTypes.NUMERIC -> numericText(in);
            case PgTypes.DATE -> expectLength(value, 4, oid)
                    ? PgText.format(LocalDate.ofEpochDay(in.getInt() + POSTGRES_EPOCH_DAYS), SqlType.DATE) : null;
            case PgTypes.TIMESTAMP -> expectLength(value, 8, oid)
                    ? PgText.format(LocalDateTime.ofInstant(instant(in.getLong()), ZoneOffset.UTC), SqlType.TIMESTAMP)
                    : null;
            case PgTypes.TIMESTAMPTZ -> expectLength(value, 8, oid)
                    ? PgText.format(instant(in.getLong()), SqlType.TIMESTAMPTZ) : null;
            default -> throw new ProtocolException("0A000",
                    "binary format is not supported for parameters of type oid " + oid);
        };
        return text;
    }

    /** numeric_recv: the layout of {@link #numeric(BigDecimal)}, plus NaN and the infinities. */
    private static String numericText(ByteBuffer in) {
        try {
            int count = in.getShort();
            int weight = in.getShort();
            int sign = in.getShort() & 0xFFFF;
            int scale = in.getShort();
            switch (sign) {
                case 0xC000:
                    return "NaN";
                case 0xD000:
                    return "Infinity";
                case 0xF000:
                    return "-Infinity";
                default:
                    break;
            }
            BigInteger unscaled = BigInteger.ZERO;
            for (int i = 0; i < count; i++) {
                unscaled = unscaled.multiply(TEN_THOUSAND).add(BigInteger.valueOf(in.getShort()));
            }
            // the digits read are worth 10000^(weight - count + 1) each
            BigDecimal value = new BigDecimal(unscaled).scaleByPowerOfTen(4 * (weight - count + 1));
            value = value.setScale(scale, java.math.RoundingMode.UNNECESSARY);
            if (in.hasRemaining()) {
                throw new java.nio.BufferUnderflowException();
            }
            return (sign == 0x4000 ? value.negate() : value).toPlainString();
        } catch (java.nio.BufferUnderflowException | ArithmeticException malformed) {
            throw new ProtocolException("22P03", "incorrect binary data format in bind parameter of type numeric");
        }
    }

    private static Instant instant(long postgresMicros) {
        return Instant.ofEpochSecond(POSTGRES_EPOCH_SECONDS + Math.floorDiv(postgresMicros, 1_000_000),
                Math.floorMod(postgresMicros, 1_000_000) * 1000);
    }

    private static boolean expectLength(byte[] value, int length, int oid) {
        if (value.length != length) {
            throw new ProtocolException("22P03", "incorrect binary data format in bind parameter: type oid " + oid
                    + " takes " + length + " bytes, got " + value.length);
        }
        return true;
    }
}
