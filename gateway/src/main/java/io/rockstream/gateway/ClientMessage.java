package io.rockstream.gateway;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/** A frontend message, as {@link PgMessageDecoder} decodes it from the wire. */
sealed interface ClientMessage {

    /** SSLRequest: int32 8, int32 80877103. */
    record SslRequest() implements ClientMessage {
    }

    /** GSSENCRequest: int32 8, int32 80877104. */
    record GssEncRequest() implements ClientMessage {
    }

    /** CancelRequest: int32 16, int32 80877102, int32 process id, int32 secret key. */
    record CancelRequest(int processId, int secretKey) implements ClientMessage {
    }

    /** StartupMessage: int32 length, int32 196608 (3.0), then (String name, String value)*, byte 0. */
    record Startup(Map<String, String> parameters) implements ClientMessage {
        public Startup {
            parameters = Map.copyOf(parameters);
        }
    }

    /** Query 'Q': String sql. */
    record Query(String sql) implements ClientMessage {
        public Query {
            requireNonNull(sql, "sql is null");
        }
    }

    /** Parse 'P': String statement, String sql, int16 n, int32 type oid * n. */
    record Parse(String statement, String sql, List<Integer> parameterTypes) implements ClientMessage {
        public Parse {
            parameterTypes = List.copyOf(parameterTypes);
        }
    }

    /**
     * Bind 'B': String portal, String statement, int16 n, int16 format * n, int16 m,
     * (int32 length (-1 = NULL), byte[length]) * m, int16 k, int16 result format * k.
     * A null entry of {@code values} is SQL NULL.
     */
    record Bind(String portal, String statement, List<Short> parameterFormats, List<byte[]> values,
            List<Short> resultFormats) implements ClientMessage {
        public Bind {
            parameterFormats = List.copyOf(parameterFormats);
            values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
            resultFormats = List.copyOf(resultFormats);
        }
    }

    /** Describe 'D': byte 'S' (statement) or 'P' (portal), String name. */
    record Describe(char kind, String name) implements ClientMessage {
    }

    /** Execute 'E': String portal, int32 maximum rows (0 = all). */
    record Execute(String portal, int maxRows) implements ClientMessage {
    }

    /** Close 'C': byte 'S' or 'P', String name. */
    record Close(char kind, String name) implements ClientMessage {
    }

    /** Sync 'S'. */
    record Sync() implements ClientMessage {
    }

    /** Flush 'H'. */
    record Flush() implements ClientMessage {
    }

    /** Terminate 'X'. */
    record Terminate() implements ClientMessage {
    }

    /** CopyData 'd': a chunk of COPY FROM STDIN data (chunks need not align with rows). */
    record CopyData(byte[] data) implements ClientMessage {
    }

    /** CopyDone 'c': the end of COPY FROM STDIN data. */
    record CopyDone() implements ClientMessage {
    }

    /** CopyFail 'f': String reason; the client aborts COPY FROM STDIN. */
    record CopyFail(String reason) implements ClientMessage {
    }
}
