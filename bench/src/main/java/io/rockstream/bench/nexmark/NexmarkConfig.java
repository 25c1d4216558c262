package io.rockstream.bench.nexmark;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The parameters of the Nexmark model ({@link NexmarkGenerator} describes what each one does).
 * {@link #defaults()} holds the usual values of the Nexmark suites.
 *
 * @param eventsPerSecond how fast event time advances: event {@code n} happens at
 *        {@code baseTime + n / eventsPerSecond} seconds
 * @param baseTime the event time of event 0
 * @param personProportion persons per cycle of {@code person + auction + bid} events (1)
 * @param auctionProportion auctions per cycle (3)
 * @param bidProportion bids per cycle (46)
 * @param hotAuctionRatio a bid goes to the hot auction with probability {@code 1 - 1/ratio} (2)
 * @param hotBiddersRatio a bid comes from the hot bidder with probability {@code 1 - 1/ratio} (4)
 * @param hotSellersRatio an auction is sold by the hot seller with probability {@code 1 - 1/ratio} (4)
 * @param inFlightAuctions how many of the newest auctions a cold bid chooses among (100); also sets
 *        how long auctions run
 * @param activePeople how many of the newest persons a cold bidder or seller is chosen among (1000)
 * @param personBytes the average size of a person event that {@code extra} pads to (200)
 * @param auctionBytes the same for auctions (500)
 * @param bidBytes the same for bids (100)
 */
public record NexmarkConfig(long eventsPerSecond, Instant baseTime, int personProportion, int auctionProportion,
        int bidProportion, int hotAuctionRatio, int hotBiddersRatio, int hotSellersRatio, int inFlightAuctions,
        int activePeople, int personBytes, int auctionBytes, int bidBytes) {

    /** 2026-01-01 00:00:00 UTC: a fixed base time, so files do not depend on when they were made. */
    public static final Instant DEFAULT_BASE_TIME = Instant.parse("2026-01-01T00:00:00Z");

    public NexmarkConfig {
        requireNonNull(baseTime, "baseTime is null");
        if (eventsPerSecond < 1 || eventsPerSecond > 1_000_000_000L) {
            throw new IllegalArgumentException("eventsPerSecond must be in 1..1e9, not " + eventsPerSecond);
        }
        if (personProportion < 1 || auctionProportion < 1 || bidProportion < 1) {
            throw new IllegalArgumentException("every proportion must be at least 1");
        }
        if (hotAuctionRatio < 1 || hotBiddersRatio < 1 || hotSellersRatio < 1) {
            throw new IllegalArgumentException("hot ratios must be at least 1");
        }
        if (inFlightAuctions < 1 || activePeople < 1) {
            throw new IllegalArgumentException("inFlightAuctions and activePeople must be positive");
        }
        if (personBytes < 0 || auctionBytes < 0 || bidBytes < 0) {
            throw new IllegalArgumentException("average event sizes must not be negative");
        }
    }

    /** 10,000 events per second from {@link #DEFAULT_BASE_TIME}, 1:3:46, hot ratios 2/4/4, 100 auctions in flight. */
    public static NexmarkConfig defaults() {
        return new NexmarkConfig(10_000, DEFAULT_BASE_TIME, 1, 3, 46, 2, 4, 4, 100, 1000, 200, 500, 100);
    }

    /** The same model at another event rate. */
    public NexmarkConfig withEventsPerSecond(long rate) {
        return new NexmarkConfig(rate, baseTime, personProportion, auctionProportion, bidProportion, hotAuctionRatio,
                hotBiddersRatio, hotSellersRatio, inFlightAuctions, activePeople, personBytes, auctionBytes, bidBytes);
    }

    /** Events per cycle: {@code personProportion + auctionProportion + bidProportion} (50). */
    public int cycle() {
        return personProportion + auctionProportion + bidProportion;
    }
}
