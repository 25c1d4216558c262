package io.rockstream.gateway;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The BackendKeyData of every live connection, so that a CancelRequest arriving on another
 * connection finds the session it names. Process ids are unique among live connections;
 * secrets are random and compared in constant time. Thread-safe.
 */
final class CancelRegistry {
    /** The gateway's registry, set on every channel it accepts. */
    static final AttributeKey<CancelRegistry> ATTRIBUTE = AttributeKey.valueOf(CancelRegistry.class, "cancels");

    /** The key a connection got in BackendKeyData. */
    record Key(int processId, int secret) {
        @Override
        public String toString() {
            return "Key[processId=" + processId + "]";
        }
    }

    private record Entry(int secret, Runnable cancel) {
    }

    private final ConcurrentMap<Integer, Entry> entries = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** The registry of the gateway that accepted {@code channel}; a fresh one for a channel no gateway made (tests). */
    static CancelRegistry of(Channel channel) {
        CancelRegistry registry = channel.attr(ATTRIBUTE).get();
        return registry != null ? registry : new CancelRegistry();
    }

    /** Registers {@code cancel} under a fresh key until {@code channel} closes. */
    Key register(Channel channel, Runnable cancel) {
        int secret = random.nextInt();
        Entry entry = new Entry(secret, cancel);
        int processId;
        do {
            processId = 1 + random.nextInt(Integer.MAX_VALUE - 1);
        } while (entries.putIfAbsent(processId, entry) != null);
        int registered = processId;
        channel.closeFuture().addListener(closed -> entries.remove(registered, entry));
        return new Key(processId, secret);
    }

    /** Runs the cancel action registered under {@code processId} when {@code secret} is right; says whether it did. */
    boolean cancel(int processId, int secret) {
        Entry entry = entries.get(processId);
        if (entry == null) {
            return false;
        }
        if (!MessageDigest.isEqual(bytes(entry.secret()), bytes(secret))) {
            return false;
        }
        entry.cancel().run();
        return true;
    }

    int size() {
        return entries.size();
    }

    private static byte[] bytes(int value) {
        return ByteBuffer.allocate(4).putInt(value).array();
    }
}
