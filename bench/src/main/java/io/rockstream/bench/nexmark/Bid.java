package io.rockstream.bench.nexmark;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A bid of {@code bidder} on {@code auction}, placed through {@code channel}: a row of the {@code bid} table. */
public record Bid(long auction, long bidder, long price, String channel, String url, Instant dateTime, String extra)
        implements NexmarkEvent {
    public Bid {
        requireNonNull(channel, "channel is null");
        requireNonNull(url, "url is null");
        requireNonNull(dateTime, "dateTime is null");
        requireNonNull(extra, "extra is null");
    }

    @Override
    public Kind kind() {
        return Kind.BID;
    }
}
