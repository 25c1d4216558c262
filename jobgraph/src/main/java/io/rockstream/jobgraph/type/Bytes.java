package io.rockstream.jobgraph.type;

import java.util.Arrays;
import java.util.HexFormat;

/** An immutable {@code bytea} value; compares bytes as unsigned, like PostgreSQL. */
public final class Bytes implements Comparable<Bytes> {
    private final byte[] bytes;

    private Bytes(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Bytes copyOf(byte[] bytes) {
        return new Bytes(bytes.clone());
    }

    public static Bytes wrap(byte[] bytes) {
        return new Bytes(bytes);
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    public byte get(int index) {
        return bytes[index];
    }

    @Override
    public int compareTo(Bytes other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** PostgreSQL's hex output format, {@code \x0a0b}. */
    @Override
    public String toString() {
        return "\\x" + HexFormat.of().formatHex(bytes);
    }
}
