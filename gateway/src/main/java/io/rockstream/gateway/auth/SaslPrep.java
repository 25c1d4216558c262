package io.rockstream.gateway.auth;

import java.text.Normalizer;

/**
 * SASLprep (RFC 4013) as PostgreSQL applies it to SCRAM passwords, so that a password typed
 * with a different Unicode form still matches: non-ASCII spaces become U+0020, characters
 * "commonly mapped to nothing" go, then NFKC. As in PostgreSQL, a password that SASLprep
 * would reject (control, private-use, unassigned or surrogate code points) is used as it is.
 */
final class SaslPrep {
    private SaslPrep() {
    }

    static String prepare(String password) {
        boolean ascii = true;
        for (int i = 0; i < password.length() && ascii; i++) {
            ascii = password.charAt(i) < 0x80;
        }
        if (ascii) {
            // PostgreSQL skips SASLprep for pure ASCII, control characters included
            return password;
        }
        StringBuilder mapped = new StringBuilder(password.length());
        for (int i = 0; i < password.length(); ) {
            int codePoint = password.codePointAt(i);
            i += Character.charCount(codePoint);
            if (mapsToNothing(codePoint)) {
                continue;
            }
            mapped.appendCodePoint(Character.getType(codePoint) == Character.SPACE_SEPARATOR ? ' ' : codePoint);
        }
        String normalized = Normalizer.normalize(mapped, Normalizer.Form.NFKC);
        for (int i = 0; i < normalized.length(); ) {
            int codePoint = normalized.codePointAt(i);
            i += Character.charCount(codePoint);
            if (prohibited(codePoint)) {
                return password;
            }
        }
        return normalized;
    }

    /** RFC 3454 table B.1. */
    private static boolean mapsToNothing(int codePoint) {
        return codePoint == 0x00AD || codePoint == 0x034F || codePoint == 0x1806 || codePoint == 0x180B
                || codePoint == 0x180C || codePoint == 0x180D || codePoint == 0x200B || codePoint == 0x200C
                || codePoint == 0x200D || codePoint == 0x2060 || (codePoint >= 0xFE00 && codePoint <= 0xFE0F)
                || codePoint == 0xFEFF;
    }

    /** The prohibited tables C.2 to C.9 of RFC 3454, by Unicode category, plus unassigned code points. */
    private static boolean prohibited(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.PRIVATE_USE || type == Character.SURROGATE
                || type == Character.UNASSIGNED || (codePoint >= 0xFFF9 && codePoint <= 0xFFFD)
                || (codePoint >= 0x2FF0 && codePoint <= 0x2FFB) || (codePoint >= 0x200E && codePoint <= 0x200F)
                || (codePoint >= 0x202A && codePoint <= 0x202E) || (codePoint >= 0x206A && codePoint <= 0x206F);
    }
}
