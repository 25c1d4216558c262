package io.rockstream.taskmanager.expr;

import static io.rockstream.jobgraph.type.TypeKind.BIGINT;
import static io.rockstream.jobgraph.type.TypeKind.BYTEA;
import static io.rockstream.jobgraph.type.TypeKind.CHAR;
import static io.rockstream.jobgraph.type.TypeKind.INTEGER;
import static io.rockstream.jobgraph.type.TypeKind.TEXT;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.type.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The string functions of PostgreSQL's chapter 9.4. Lengths and positions count characters
 * (code points), as PostgreSQL does in UTF-8. Case mapping ({@code lower}, {@code upper},
 * {@code initcap}, ILIKE) is the C locale's: ASCII letters only, matching the C collation
 * RockStream uses.
 */
final class Strings {
    private static final int MAX_STRING_LENGTH = (1 << 30) - 1;

    private Strings() {
    }

    static void register(Implementations registry) {
        registry.add("length", (Fn.Fn1) a -> codePoints((String) a), TEXT);
        registry.add("length", (Fn.Fn1) a -> codePoints(rtrimSpaces((String) a)), CHAR);
        registry.add("length", (Fn.Fn1) a -> ((Bytes) a).length(), BYTEA);
        registry.add("octet_length", (Fn.Fn1) a -> utf8Length((String) a), TEXT);
        registry.add("octet_length", (Fn.Fn1) a -> utf8Length((String) a), CHAR);
        registry.add("octet_length", (Fn.Fn1) a -> ((Bytes) a).length(), BYTEA);
        registry.add("bit_length", (Fn.Fn1) a -> utf8Length((String) a) * 8, TEXT);
        registry.add("lower", (Fn.Fn1) a -> lowerAscii((String) a), TEXT);
        registry.add("upper", (Fn.Fn1) a -> upperAscii((String) a), TEXT);
        registry.add("initcap", (Fn.Fn1) a -> initcap((String) a), TEXT);
        registry.add("reverse", (Fn.Fn1) a -> new StringBuilder((String) a).reverse().toString(), TEXT);
        registry.add("md5", (Fn.Fn1) a -> md5(((String) a).getBytes(StandardCharsets.UTF_8)), TEXT);
        registry.add("md5", (Fn.Fn1) a -> md5(((Bytes) a).toByteArray()), BYTEA);
        registry.add("btrim", (Fn.Fn1) a -> trim((String) a, " ", true, true), TEXT);
        registry.add("ltrim", (Fn.Fn1) a -> trim((String) a, " ", true, false), TEXT);
        registry.add("rtrim", (Fn.Fn1) a -> trim((String) a, " ", false, true), TEXT);
        registry.add("btrim", (Fn.Fn2) (a, b) -> trim((String) a, (String) b, true, true), TEXT, TEXT);
        registry.add("ltrim", (Fn.Fn2) (a, b) -> trim((String) a, (String) b, true, false), TEXT, TEXT);
        registry.add("rtrim", (Fn.Fn2) (a, b) -> trim((String) a, (String) b, false, true), TEXT, TEXT);
        registry.add("substr", (Fn.Fn2) (a, b) -> substring((String) a, (Integer) b), TEXT, INTEGER);
        registry.add("substr", (Fn.Fn3) (a, b, c) -> substring((String) a, (Integer) b, (Integer) c),
                TEXT, INTEGER, INTEGER);
        registry.add("substr", (Fn.Fn2) (a, b) -> substring((Bytes) a, (Integer) b, Integer.MAX_VALUE, false),
                BYTEA, INTEGER);
        registry.add("substr", (Fn.Fn3) (a, b, c) -> substring((Bytes) a, (Integer) b, (Integer) c, true),
                BYTEA, INTEGER, INTEGER);
        registry.add("position", (Fn.Fn2) (a, b) -> position((String) a, (String) b), TEXT, TEXT);
        registry.add("strpos", (Fn.Fn2) (a, b) -> position((String) a, (String) b), TEXT, TEXT);
        registry.add("overlay", (Fn.Fn3) (a, b, c) -> overlay((String) a, (String) b, (Integer) c,
                ((String) b).codePointCount(0, ((String) b).length())), TEXT, TEXT, INTEGER);
        registry.add("overlay", (Fn.FnN) args -> overlay((String) args[0], (String) args[1], (Integer) args[2],
                (Integer) args[3]), TEXT, TEXT, INTEGER, INTEGER);
        registry.add("replace", (Fn.Fn3) (a, b, c) -> replace((String) a, (String) b, (String) c), TEXT, TEXT, TEXT);
        registry.add("translate", (Fn.Fn3) (a, b, c) -> translate((String) a, (String) b, (String) c),
                TEXT, TEXT, TEXT);
        registry.add("lpad", (Fn.Fn2) (a, b) -> pad((String) a, (Integer) b, " ", true), TEXT, INTEGER);
        registry.add("rpad", (Fn.Fn2) (a, b) -> pad((String) a, (Integer) b, " ", false), TEXT, INTEGER);
        registry.add("lpad", (Fn.Fn3) (a, b, c) -> pad((String) a, (Integer) b, (String) c, true),
                TEXT, INTEGER, TEXT);
        registry.add("rpad", (Fn.Fn3) (a, b, c) -> pad((String) a, (Integer) b, (String) c, false),
                TEXT, INTEGER, TEXT);
        registry.add("left", (Fn.Fn2) (a, b) -> left((String) a, (Integer) b), TEXT, INTEGER);
        registry.add("right", (Fn.Fn2) (a, b) -> right((String) a, (Integer) b), TEXT, INTEGER);
        registry.add("repeat", (Fn.Fn2) (a, b) -> repeat((String) a, (Integer) b), TEXT, INTEGER);
        registry.add("split_part", (Fn.Fn3) (a, b, c) -> splitPart((String) a, (String) b, (Integer) c),
                TEXT, TEXT, INTEGER);
        registry.add("starts_with", (Fn.Fn2) (a, b) -> ((String) a).startsWith((String) b), TEXT, TEXT);
        registry.add("ascii", (Fn.Fn1) a -> ((String) a).isEmpty() ? 0 : ((String) a).codePointAt(0), TEXT);
        registry.add("chr", (Fn.Fn1) a -> chr((Integer) a), INTEGER);
        registry.add("to_hex", (Fn.Fn1) a -> Integer.toHexString((Integer) a), INTEGER);
        registry.add("to_hex", (Fn.Fn1) a -> Long.toHexString((Long) a), BIGINT);
        registry.add("||", (Fn.Fn2) (a, b) -> concat((String) a, (String) b), TEXT, TEXT);
        registry.add("||", (Fn.Fn2) (a, b) -> {
            byte[] left = ((Bytes) a).toByteArray();
            byte[] right = ((Bytes) b).toByteArray();
            byte[] joined = java.util.Arrays.copyOf(left, left.length + right.length);
            System.arraycopy(right, 0, joined, left.length, right.length);
            return Bytes.wrap(joined);
        }, BYTEA, BYTEA);
        registry.add("like", (Fn.PerSite) () -> new Like.Site(false, false), TEXT, TEXT);
        registry.add("like", (Fn.PerSite) () -> new Like.Site(false, false), TEXT, TEXT, TEXT);
        registry.add("not_like", (Fn.PerSite) () -> new Like.Site(false, true), TEXT, TEXT);
        registry.add("not_like", (Fn.PerSite) () -> new Like.Site(false, true), TEXT, TEXT, TEXT);
        registry.add("ilike", (Fn.PerSite) () -> new Like.Site(true, false), TEXT, TEXT);
        registry.add("ilike", (Fn.PerSite) () -> new Like.Site(true, false), TEXT, TEXT, TEXT);
        registry.add("not_ilike", (Fn.PerSite) () -> new Like.Site(true, true), TEXT, TEXT);
        registry.add("not_ilike", (Fn.PerSite) () -> new Like.Site(true, true), TEXT, TEXT, TEXT);
        registry.add("regexp_replace", (Fn.PerSite) () -> new Regex.Replace(), TEXT, TEXT, TEXT);
        registry.add("regexp_replace", (Fn.PerSite) () -> new Regex.Replace(), TEXT, TEXT, TEXT, TEXT);
    }

    static String rtrimSpaces(String value) {
        int end = value.length();
        while (end > 0 && value.charAt(end - 1) == ' ') {
            end--;
        }
        return end == value.length() ? value : value.substring(0, end);
    }

    static int codePoints(String value) {
        return value.codePointCount(0, value.length());
    }

    private static int utf8Length(String value) {
        int length = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c)) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }

    static String concat(String a, String b) {
        if ((long) a.length() + b.length() > MAX_STRING_LENGTH) {
            throw tooLong();
        }
        return a.concat(b);
    }

    private static RockStreamException tooLong() {
        return RockStreamException.of(ErrorCode.INSUFFICIENT_RESOURCES, "requested length too large");
    }

    static String lowerAscii(String value) {
        char[] chars = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (chars == null) {
                    chars = value.toCharArray();
                }
                chars[i] = (char) (c + 32);
            }
        }
        return chars == null ? value : new String(chars);
    }

    static String upperAscii(String value) {
        char[] chars = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 'a' && c <= 'z') {
                if (chars == null) {
                    chars = value.toCharArray();
                }
                chars[i] = (char) (c - 32);
            }
        }
        return chars == null ? value : new String(chars);
    }

    private static boolean isAsciiAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static String initcap(String value) {
        char[] chars = value.toCharArray();
        boolean inWord = false;
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (inWord) {
                chars[i] = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
            } else {
                chars[i] = c >= 'a' && c <= 'z' ? (char) (c - 32) : c;
            }
            inWord = isAsciiAlphanumeric(c);
        }
        return new String(chars);
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException missing) {
            throw RockStreamException.internal("MD5 is not available", missing);
        }
    }

    private static String trim(String value, String characters, boolean leading, boolean trailing) {
        int start = 0;
        int end = value.length();
        if (leading) {
            while (start < end) {
                int codePoint = value.codePointAt(start);
                if (characters.indexOf(codePoint) < 0) {
                    break;
                }
                start += Character.charCount(codePoint);
            }
        }
        if (trailing) {
            while (end > start) {
                int codePoint = value.codePointBefore(end);
                if (characters.indexOf(codePoint) < 0) {
                    break;
                }
                end -= Character.charCount(codePoint);
            }
        }
        return value.substring(start, end);
    }

    /** {@code substr(s, start)}: from character {@code start} (1-based; earlier starts clip) to the end. */
    static String substring(String value, int start) {
        int length = codePoints(value);
        int first = Math.max(start, 1);
        if (first > length) {
            return "";
        }
        return value.substring(value.offsetByCodePoints(0, first - 1));
    }

    /** {@code substr(s, start, count)}: characters {@code [start, start + count)} clipped to the string. */
    static String substring(String value, int start, int count) {
        if (count < 0) {
            throw RockStreamException.of(ErrorCode.SUBSTRING_ERROR, "negative substring length not allowed");
        }
        long end = (long) start + count;
        int length = codePoints(value);
        long first = Math.max(start, 1);
        long last = Math.min(end, (long) length + 1);
        if (first >= last) {
            return "";
        }
        int from = value.offsetByCodePoints(0, (int) first - 1);
        int to = value.offsetByCodePoints(from, (int) (last - first));
        return value.substring(from, to);
    }

    private static Bytes substring(Bytes value, int start, int count, boolean counted) {
        if (counted && count < 0) {
            throw RockStreamException.of(ErrorCode.SUBSTRING_ERROR, "negative substring length not allowed");
        }
        long end = counted ? (long) start + count : Long.MAX_VALUE;
        long first = Math.max(start, 1);
        long last = Math.min(end, (long) value.length() + 1);
        if (first >= last) {
            return Bytes.wrap(new byte[0]);
        }
        byte[] bytes = value.toByteArray();
        return Bytes.wrap(java.util.Arrays.copyOfRange(bytes, (int) first - 1, (int) last - 1));
    }

    /** 1-based character position of {@code search} in {@code value}, 0 when absent. */
    static int position(String value, String search) {
        int index = value.indexOf(search);
        return index < 0 ? 0 : value.codePointCount(0, index) + 1;
    }

    private static String replace(String value, String from, String to) {
        if (from.isEmpty()) {
            return value;
        }
        return value.replace(from, to);
    }

    private static String translate(String value, String from, String to) {
        int[] source = from.codePoints().toArray();
        int[] target = to.codePoints().toArray();
        StringBuilder result = new StringBuilder(value.length());
        value.codePoints().forEach(codePoint -> {
            for (int i = 0; i < source.length; i++) {
                if (source[i] == codePoint) {
                    if (i < target.length) {
                        result.appendCodePoint(target[i]);
                    }
                    return;
                }
            }
            result.appendCodePoint(codePoint);
        });
        return result.toString();
    }

    private static String pad(String value, int length, String fill, boolean left) {
        if (length <= 0) {
            return "";
        }
        int current = codePoints(value);
        if (current >= length) {
            return value.substring(0, value.offsetByCodePoints(0, length));
        }
        if (fill.isEmpty()) {
            return value;
        }
        int[] fillPoints = fill.codePoints().toArray();
        StringBuilder padding = new StringBuilder();
        for (int i = 0; i < length - current; i++) {
            padding.appendCodePoint(fillPoints[i % fillPoints.length]);
        }
        return left ? padding + value : value + padding;
    }

    private static String left(String value, int count) {
        int length = codePoints(value);
        int keep = count >= 0 ? Math.min(count, length) : Math.max(length + count, 0);
        return value.substring(0, value.offsetByCodePoints(0, keep));
    }

    private static String right(String value, int count) {
        int length = codePoints(value);
        int keep = count >= 0 ? Math.min(count, length) : Math.max(length + count, 0);
        return value.substring(value.offsetByCodePoints(0, length - keep));
    }

    private static String repeat(String value, int count) {
        if (count <= 0 || value.isEmpty()) {
            return "";
        }
        if ((long) value.length() * count > MAX_STRING_LENGTH) {
            throw tooLong();
        }
        return value.repeat(count);
    }

    private static String splitPart(String value, String delimiter, int field) {
        if (field == 0) {
            throw Errors.invalidParameter("field position must not be zero");
        }
        if (delimiter.isEmpty()) {
            return field == 1 || field == -1 ? value : "";
        }
        java.util.List<String> parts = new java.util.ArrayList<>();
        int start = 0;
        while (true) {
            int index = value.indexOf(delimiter, start);
            if (index < 0) {
                parts.add(value.substring(start));
                break;
            }
            parts.add(value.substring(start, index));
            start = index + delimiter.length();
        }
        if (value.isEmpty()) {
            return "";
        }
        int index = field > 0 ? field - 1 : parts.size() + field;
        return index >= 0 && index < parts.size() ? parts.get(index) : "";
    }

    private static String chr(int code) {
        if (code == 0) {
            throw RockStreamException.of(ErrorCode.INVALID_PARAMETER_VALUE, "null character not permitted");
        }
        if (code < 0) {
            throw Errors.invalidParameter("character number must be positive");
        }
        if (code > Character.MAX_CODE_POINT || (code >= 0xD800 && code <= 0xDFFF)) {
            throw Errors.invalidParameter("requested character too large for encoding: " + code);
        }
        return new String(Character.toChars(code));
    }

    /** overlay(s PLACING r FROM start FOR count): s's first start-1 characters, r, then s after start+count-1. */
    private static String overlay(String string, String replacement, int start, int count) {
        if (start < 1 || count < 0) {
            throw io.rockstream.jobgraph.error.RockStreamException.of(
                    io.rockstream.jobgraph.error.ErrorCode.SUBSTRING_ERROR, "negative substring length not allowed");
        }
        int[] codePoints = string.codePoints().toArray();
        int head = Math.min(start - 1, codePoints.length);
        int tail = (int) Math.min((long) start - 1 + count, codePoints.length);
        return new String(codePoints, 0, head) + replacement + new String(codePoints, tail, codePoints.length - tail);
    }
}
