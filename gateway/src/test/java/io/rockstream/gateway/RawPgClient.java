package io.rockstream.gateway;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A Postgres client on a plain socket, for tests that need bytes pgjdbc would never send. */
final class RawPgClient implements AutoCloseable {
    /** One backend message: its type and body (without the length). */
    record Message(char type, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The fields of an ErrorResponse, by code ('S', 'C', 'M', ...). */
        Map<Character, String> fields() {
            Map<Character, String> fields = new LinkedHashMap<>();
            int i = 0;
            while (i < body.length && body[i] != 0) {
                char code = (char) body[i++];
                int end = i;
                while (body[end] != 0) {
                    end++;
                }
                fields.put(code, new String(body, i, end - i, StandardCharsets.UTF_8));
                i = end + 1;
            }
            return fields;
        }

        int int32(int offset) {
            return ByteBuffer.wrap(body).getInt(offset);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawPgClient(int port, int timeoutMillis) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(timeoutMillis);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    Socket socket() {
        return socket;
    }

    static byte[] startupPacket(String user) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(ByteBuffer.allocate(4).putInt(196608).array());
        for (String part : new String[] {"user", user, "database", "rockstream"}) {
            body.writeBytes(part.getBytes(StandardCharsets.UTF_8));
            body.write(0);
        }
        body.write(0);
        return ByteBuffer.allocate(4 + body.size()).putInt(4 + body.size()).put(body.toByteArray()).array();
    }

    /** A typed frontend message: type, int32 length, body. */
    static byte[] message(char type, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) type).putInt(4 + body.length).put(body).array();
    }

    static byte[] cstring(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(bytes.length + 1).put(bytes).put((byte) 0).array();
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next backend message. */
    Message read() throws IOException {
        char type = (char) in.readUnsignedByte();
        int length = in.readInt();
        byte[] body = new byte[length - 4];
        in.readFully(body);
        return new Message(type, body);
    }

    /** Reads messages until one of {@code type}. */
    Message readUntil(char type) throws IOException {
        Message message;
        do {
            message = read();
        } while (message.type() != type);
        return message;
    }

    int readByte() throws IOException {
        return in.read();
    }

    /** Whether the server closed the connection (EOF or reset) before {@code timeout} ran out, reading what is left. */
    boolean closedByServer() throws IOException {
        try {
            while (in.read() >= 0) {
                // drain
            }
            return true;
        } catch (EOFException | java.net.SocketException closed) {
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
