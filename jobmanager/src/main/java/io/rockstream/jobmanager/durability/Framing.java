package io.rockstream.jobmanager.durability;

import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.row.RowCodec;
import java.util.function.Function;
import java.util.zip.CRC32C;

/**
 * The frame of every durable object the JobManager writes: magic bytes naming the kind and
 * version, then the CRC32C of the payload, then the payload. A torn, truncated or foreign
 * object fails {@link #open} instead of being half-read.
 */
final class Framing {
    private Framing() {
    }

    static byte[] frame(byte[] magic, byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        byte[] framed = new byte[magic.length + 4 + payload.length];
        System.arraycopy(magic, 0, framed, 0, magic.length);
        int checksum = (int) crc.getValue();
        for (int i = 0; i < 4; i++) {
            framed[magic.length + i] = (byte) (checksum >>> (24 - 8 * i));
        }
        System.arraycopy(payload, 0, framed, magic.length + 4, payload.length);
        return framed;
    }

    /** A reader over the payload, after checking the magic bytes and the checksum. */
    static RowCodec.Reader open(byte[] magic, byte[] data, Function<String, RockStreamException> damaged) {
        int header = magic.length + 4;
        if (data.length < header) {
            throw damaged.apply("it is only " + data.length + " bytes long");
        }
        for (int i = 0; i < magic.length; i++) {
            if (data[i] != magic[i]) {
                throw damaged.apply("it does not start with the expected magic bytes");
            }
        }
        int stored = new RowCodec.Reader(data, magic.length, 4).fixed32();
        CRC32C crc = new CRC32C();
        crc.update(data, header, data.length - header);
        if ((int) crc.getValue() != stored) {
            throw damaged.apply("its checksum does not match its contents");
        }
        return new RowCodec.Reader(data, header, data.length - header);
    }
}
