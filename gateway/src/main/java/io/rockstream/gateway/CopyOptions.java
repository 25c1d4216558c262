package io.rockstream.gateway;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import java.util.List;

/**
 * The data format of one COPY: text (PostgreSQL's default: tab-separated, {@code \N} for
 * NULL, backslash escapes) or CSV (comma-separated, unquoted empty field for NULL, {@code "}
 * quoting); checked as PostgreSQL checks them.
 *
 * @param forceQuote columns always quoted in CSV output (COPY TO); null means all
 */
record CopyOptions(boolean csv, char delimiter, String nullString, boolean header, char quote, char escape,
        List<String> forceQuote) {

    boolean forceQuoteAll() {
        return forceQuote == null;
    }

    /** Options as they are given, checked together by {@link #build()}. */
    static final class Builder {
        private boolean csv;
        private Character delimiter;
        private String nullString;
        private boolean header;
        private Character quote;
        private Character escape;
        private List<String> forceQuote = List.of();
        private boolean forceQuoteAll;

        void csv(boolean value) {
            csv = value;
        }

        void delimiter(String value) {
            delimiter = single(value, "COPY delimiter must be a single one-byte character");
        }

        void nullString(String value) {
            nullString = value;
        }

        void header(boolean value) {
            header = value;
        }

        void quote(String value) {
            quote = single(value, "COPY quote must be a single one-byte character");
        }

        void escape(String value) {
            escape = single(value, "COPY escape must be a single one-byte character");
        }

        void forceQuote(List<String> columns) {
            forceQuote = List.copyOf(columns);
        }

        void forceQuoteAll() {
            forceQuoteAll = true;
        }

        CopyOptions build() {
            if (!csv && quote != null) {
                throw invalid("COPY quote available only in CSV mode");
            }
            if (!csv && escape != null) {
                throw invalid("COPY escape available only in CSV mode");
            }
            if (!csv && (forceQuoteAll || !forceQuote.isEmpty())) {
                throw invalid("COPY force quote available only in CSV mode");
            }
            char delimiterChar = delimiter != null ? delimiter : csv ? ',' : '\t';
            char quoteChar = quote != null ? quote : '"';
            char escapeChar = escape != null ? escape : quoteChar;
            String nullText = nullString != null ? nullString : csv ? "" : "\\N";
            if (delimiterChar == '\r' || delimiterChar == '\n') {
                throw invalid("COPY delimiter cannot be newline or carriage return");
            }
            if (nullText.indexOf('\r') >= 0 || nullText.indexOf('\n') >= 0) {
                throw invalid("COPY null representation cannot use newline or carriage return");
            }
            if (!csv && (delimiterChar == '\\' || "abcdefghijklmnopqrstuvwxyz0123456789.".indexOf(
                    Character.toLowerCase(delimiterChar)) >= 0)) {
                throw invalid("COPY delimiter cannot be \"" + delimiterChar + "\"");
            }
            if (csv && delimiterChar == quoteChar) {
                throw invalid("COPY delimiter and quote must be different");
            }
            if (nullText.indexOf(delimiterChar) >= 0) {
                throw invalid("COPY delimiter must not appear in the NULL specification");
            }
            if (csv && nullText.indexOf(quoteChar) >= 0) {
                throw invalid("CSV quote character must not appear in the NULL specification");
            }
            return new CopyOptions(csv, delimiterChar, nullText, header, quoteChar, escapeChar,
                    forceQuoteAll ? null : forceQuote);
        }

        private static char single(String value, String message) {
            if (value.length() != 1 || value.charAt(0) > 127) {
                throw invalid(message);
            }
            return value.charAt(0);
        }

        private static RockStreamException invalid(String message) {
            return RockStreamException.of(ErrorCode.FEATURE_NOT_SUPPORTED, message);
        }
    }
}
