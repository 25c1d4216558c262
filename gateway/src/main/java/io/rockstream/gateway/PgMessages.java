package io.rockstream.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.rockstream.jobgraph.row.Column;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Every backend message the gateway sends, one method each, with its wire format. Methods
 * write without flushing; the session flushes at ReadyForQuery, Flush and before closing.
 * Lengths (int32) count themselves but not the type byte; strings are UTF-8 and
 * NUL-terminated.
 */
final class PgMessages {
    private PgMessages() {
    }

    /** The answer to SSLRequest and GSSENCRequest: the single byte 'N' (no encryption), no header. */
    static void sendNoEncryption(Channel channel) {
        ByteBuf buffer = channel.alloc().buffer(1);
        buffer.writeByte('N');
        channel.write(buffer);
    }

    /** AuthenticationOk: byte1 'R', int32 8, int32 0. */
    static void sendAuthenticationOk(Channel channel) {
        ByteBuf buffer = channel.alloc().buffer(9);
        buffer.writeByte('R').writeInt(8).writeInt(0);
        channel.write(buffer);
    }

    /** ParameterStatus: byte1 'S', int32 length, String name, String value. */
    static void sendParameterStatus(Channel channel, String name, String value) {
        ByteBuf buffer = start(channel, 'S');
        writeString(buffer, name);
        writeString(buffer, value);
        finish(channel, buffer);
    }

    /** BackendKeyData: byte1 'K', int32 12, int32 process id, int32 secret key. */
    static void sendBackendKeyData(Channel channel, int processId, int secretKey) {
        ByteBuf buffer = channel.alloc().buffer(13);
        buffer.writeByte('K').writeInt(12).writeInt(processId).writeInt(secretKey);
        channel.write(buffer);
    }

    /** ReadyForQuery: byte1 'Z', int32 5, byte1 status ('I' idle, 'T' in a transaction, 'E' failed transaction). */
    static void sendReadyForQuery(Channel channel, TransactionStatus status) {
        ByteBuf buffer = channel.alloc().buffer(6);
        buffer.writeByte('Z').writeInt(5).writeByte(status.code());
        channel.write(buffer);
    }

    /**
     * RowDescription: byte1 'T', int32 length, int16 field count, then per field: String
     * name, int32 table oid (0), int16 column number (0), int32 type oid, int16 type size,
     * int32 type modifier, int16 format code (0 text, 1 binary).
     */
    static void sendRowDescription(Channel channel, List<Column> columns, ResultFormats formats) {
        ByteBuf buffer = start(channel, 'T');
        buffer.writeShort(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            writeString(buffer, column.name());
            buffer.writeInt(0);
            buffer.writeShort(0);
            buffer.writeInt(PgTypes.oid(column.type()));
            buffer.writeShort(PgTypes.size(column.type()));
            buffer.writeInt(PgTypes.modifier(column.type()));
            buffer.writeShort(formats.isBinary(i) ? 1 : 0);
        }
        finish(channel, buffer);
    }

    /**
     * DataRow: byte1 'D', int32 length, int16 column count, then per column: int32 value
     * length (-1 for NULL) and the value's bytes. {@code values} are already encoded; a
     * null entry is SQL NULL.
     */
    static void sendDataRow(Channel channel, List<byte[]> values) {
        ByteBuf buffer = start(channel, 'D');
        buffer.writeShort(values.size());
        for (byte[] value : values) {
            if (value == null) {
                buffer.writeInt(-1);
            } else {
                buffer.writeInt(value.length).writeBytes(value);
            }
        }
        finish(channel, buffer);
    }

    /** CommandComplete: byte1 'C', int32 length, String tag ("SELECT 3", "INSERT 0 1", ...). */
    static void sendCommandComplete(Channel channel, String tag) {
        ByteBuf buffer = start(channel, 'C');
        writeString(buffer, tag);
        finish(channel, buffer);
    }

    /** EmptyQueryResponse: byte1 'I', int32 4. */
    static void sendEmptyQueryResponse(Channel channel) {
        sendEmpty(channel, 'I');
    }

    /** ParseComplete: byte1 '1', int32 4. */
    static void sendParseComplete(Channel channel) {
        sendEmpty(channel, '1');
    }

    /** BindComplete: byte1 '2', int32 4. */
    static void sendBindComplete(Channel channel) {
        sendEmpty(channel, '2');
    }

    /** CloseComplete: byte1 '3', int32 4. */
    static void sendCloseComplete(Channel channel) {
        sendEmpty(channel, '3');
    }

    /** NoData: byte1 'n', int32 4. */
    static void sendNoData(Channel channel) {
        sendEmpty(channel, 'n');
    }

    /** PortalSuspended: byte1 's', int32 4. */
    static void sendPortalSuspended(Channel channel) {
        sendEmpty(channel, 's');
    }

    /** ParameterDescription: byte1 't', int32 length, int16 count, int32 type oid * count. */
    static void sendParameterDescription(Channel channel, List<Integer> types) {
        ByteBuf buffer = start(channel, 't');
        buffer.writeShort(types.size());
        for (int type : types) {
            buffer.writeInt(type);
        }
        finish(channel, buffer);
    }

    /**
     * ErrorResponse: byte1 'E', int32 length, then fields (byte1 code, String value), then
     * byte 0. Fields sent: S and V severity (ERROR or FATAL), C SQLSTATE, M message, and
     * when present D detail, H hint, P position (1-based characters, as decimal text).
     */
    static void sendErrorResponse(Channel channel, PgError error) {
        ByteBuf buffer = start(channel, 'E');
        writeField(buffer, 'S', error.severity());
        writeField(buffer, 'V', error.severity());
        writeField(buffer, 'C', error.sqlState());
        writeField(buffer, 'M', error.message());
        if (error.detail() != null) {
            writeField(buffer, 'D', error.detail());
        }
        if (error.hint() != null) {
            writeField(buffer, 'H', error.hint());
        }
        if (error.position() > 0) {
            writeField(buffer, 'P', Integer.toString(error.position()));
        }
        if (error.where() != null) {
            writeField(buffer, 'W', error.where());
        }
        buffer.writeByte(0);
        finish(channel, buffer);
    }

    /**
     * CopyInResponse 'G' (or CopyOutResponse 'H'): int8 overall format (0 text), int16
     * column count, int16 format per column (all text).
     */
    static void sendCopyResponse(Channel channel, boolean in, int columns) {
        ByteBuf buffer = start(channel, in ? 'G' : 'H');
        buffer.writeByte(0);
        buffer.writeShort(columns);
        for (int i = 0; i < columns; i++) {
            buffer.writeShort(0);
        }
        finish(channel, buffer);
    }

    /** CopyData 'd': bytes of COPY TO STDOUT output. */
    static void sendCopyData(Channel channel, byte[] data) {
        ByteBuf buffer = start(channel, 'd');
        buffer.writeBytes(data);
        finish(channel, buffer);
    }

    /** CopyDone 'c'. */
    static void sendCopyDone(Channel channel) {
        sendEmpty(channel, 'c');
    }

    /** NoticeResponse 'N': as ErrorResponse, severity NOTICE. */
    static void sendNoticeResponse(Channel channel, String sqlState, String message) {
        ByteBuf buffer = start(channel, 'N');
        writeField(buffer, 'S', "NOTICE");
        writeField(buffer, 'V', "NOTICE");
        writeField(buffer, 'C', sqlState);
        writeField(buffer, 'M', message);
        buffer.writeByte(0);
        finish(channel, buffer);
    }

    private static void writeField(ByteBuf buffer, char code, String value) {
        buffer.writeByte(code);
        writeString(buffer, value);
    }

    private static void sendEmpty(Channel channel, char type) {
        ByteBuf buffer = channel.alloc().buffer(5);
        buffer.writeByte(type).writeInt(4);
        channel.write(buffer);
    }

    private static ByteBuf start(Channel channel, char type) {
        ByteBuf buffer = channel.alloc().buffer();
        buffer.writeByte(type).writeInt(0);
        return buffer;
    }

    private static void finish(Channel channel, ByteBuf buffer) {
        buffer.setInt(1, buffer.writerIndex() - 1);
        channel.write(buffer);
    }

    private static void writeString(ByteBuf buffer, String value) {
        buffer.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        buffer.writeByte(0);
    }
}
