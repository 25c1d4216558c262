package io.rockstream.gateway;

import java.util.List;

/**
 * The result format codes of a Bind: none means all text, one applies to every column,
 * otherwise one per column.
 */
record ResultFormats(List<Short> codes) {
    static final ResultFormats TEXT = new ResultFormats(List.of());

    ResultFormats {
        codes = List.copyOf(codes);
    }

    boolean isBinary(int column) {
        if (codes.isEmpty()) {
            return false;
        }
        return (codes.size() == 1 ? codes.get(0) : codes.get(column)) == 1;
    }

    /** Rejects a count that is neither 0, 1 nor the number of columns, and codes other than 0 and 1. */
    void check(int columnCount) {
        if (codes.size() > 1 && codes.size() != columnCount) {
            throw new ProtocolException("08P01", "bind message has " + codes.size()
                    + " result formats but query has " + columnCount + " columns");
        }
        for (short code : codes) {
            if (code != 0 && code != 1) {
                throw new ProtocolException("22023", "unsupported format code: " + code);
            }
        }
    }
}
