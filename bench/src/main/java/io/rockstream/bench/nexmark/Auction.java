package io.rockstream.bench.nexmark;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** An item put up for auction by {@code seller}: a row of the {@code auction} table. */
public record Auction(long id, String itemName, String description, long initialBid, long reserve,
        Instant dateTime, Instant expires, long seller, long category, String extra) implements NexmarkEvent {
    public Auction {
        requireNonNull(itemName, "itemName is null");
        requireNonNull(description, "description is null");
        requireNonNull(dateTime, "dateTime is null");
        requireNonNull(expires, "expires is null");
        requireNonNull(extra, "extra is null");
    }

    @Override
    public Kind kind() {
        return Kind.AUCTION;
    }
}
