package io.rockstream.bench.nexmark;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The Nexmark event model (an online auction site: people register, put items up for auction
 * and bid on them), deterministic for a seed.
 *
 * <h2>The stream</h2>
 * Events are numbered {@code n = 0, 1, 2, ...}. Their kind follows a fixed cycle of
 * {@link NexmarkConfig#cycle()} = 50 events: offset {@code n mod 50 = 0} is a person, 1–3 are
 * auctions, 4–49 are bids (the 1:3:46 mix). Event {@code n} happens at
 * {@code baseTime + floor(n * 10^6 / eventsPerSecond)} microseconds, truncated to the
 * millisecond, so event time never goes backwards and several events may share a millisecond.
 *
 * <h2>Ids and references</h2>
 * <ul>
 *   <li>Person and auction ids are sequential from 1000, in event order: the k-th person
 *       (0-based) has id {@code 1000 + k}, the k-th auction {@code 1000 + k}.</li>
 *   <li>A bid's auction is the <em>hot auction</em> with probability {@code 1 - 1/hotAuctionRatio}
 *       (1/2): the newest auction whose 0-based number is a multiple of 100. Otherwise it is
 *       uniform among the {@code inFlightAuctions} (100) newest auctions.</li>
 *   <li>A bid's bidder is the <em>hot bidder</em> with probability {@code 1 - 1/hotBiddersRatio}
 *       (3/4): the newest person whose 0-based number is a multiple of 100, plus one (or that
 *       person itself while the next one does not exist yet). Otherwise it is uniform among the
 *       {@code activePeople} (1000) newest persons.</li>
 *   <li>An auction's seller is the <em>hot seller</em> with probability
 *       {@code 1 - 1/hotSellersRatio} (3/4): the newest person whose 0-based number is a multiple
 *       of 100. Otherwise it is uniform among the 1000 newest persons.</li>
 * </ul>
 * Every reference is to a person or auction generated <em>before</em> the referring event (the
 * cycle starts with a person and auctions, so one exists when the first bid comes). Upstream
 * generators also let a cold bid name one of the next 10 auctions or persons, not generated yet;
 * this one does not, so joins see referential integrity.
 *
 * <h2>Fields</h2>
 * <ul>
 *   <li>Person: name from 11 first × 9 last names; email {@code <7 letters>@<5 letters>.com};
 *       credit card four groups of four digits; city from 10 west-coast cities and state from
 *       AZ, CA, ID, OR, WA, WY (upper case, as in the Beam and Flink generators).</li>
 *   <li>Auction: item name up to 20 and description up to 100 random lower-case letters (with the
 *       odd space); {@code initial_bid} a price; {@code reserve} the initial bid plus another
 *       price, so always above it; {@code expires} the auction's time plus 1 ms to twice the
 *       event time it takes to generate {@code inFlightAuctions} more auctions (about 333 ms at
 *       10,000 events/s); category 10–14.</li>
 *   <li>Bid: price; half the bids come through one of four hot channels (Google, Facebook,
 *       Baidu, Apple) with a fixed URL each, the rest through {@code channel-<i>}, i in
 *       0..9999, whose URL {@code https://www.nexmark.com/<a>/<b>/<c>/item.htm?query=1} is fixed
 *       per channel and seed and, for 9 in 10 channels, ends with {@code &channel_id=<id>}.</li>
 *   <li>Prices are log-uniform: {@code round(100 * 10^(6u))} cents for u uniform in [0, 1), from
 *       100 to 10^8.</li>
 *   <li>{@code extra} is filler (letters) that brings each event's size to an average of
 *       {@code personBytes} (200), {@code auctionBytes} (500) or {@code bidBytes} (100): the
 *       remaining bytes ±20%, uniform.</li>
 * </ul>
 *
 * <h2>Determinism</h2>
 * Each event's random choices come from its own {@link SplittableRandom} seeded by mixing the
 * seed with the event number, so event {@code n} depends only on (seed, config, n): the same
 * seed and config give the same events however they are fetched ({@link #event(long)} in any
 * order, or {@link #next(int)} in batches of any size). Channel URLs are derived from (seed,
 * channel). A generator holds no global state; its only mutable state is the position of
 * {@link #next(int)}, so it is not thread-safe, but two generators with the same seed agree.
 */
public final class NexmarkGenerator {
    /** The first person id and the first auction id. */
    public static final long FIRST_PERSON_ID = 1000;
    public static final long FIRST_AUCTION_ID = 1000;
    /** Categories are {@code FIRST_CATEGORY .. FIRST_CATEGORY + CATEGORIES - 1}. */
    public static final int FIRST_CATEGORY = 10;
    public static final int CATEGORIES = 5;
    /** Hot auctions and hot persons are those whose 0-based number is a multiple of this. */
    static final int HOT_STRIDE = 100;
    static final int CHANNELS = 10_000;
    static final String[] HOT_CHANNELS = {"Google", "Facebook", "Baidu", "Apple"};
    static final String[] HOT_URLS = {
        "https://www.nexmark.com/google/hot/deals/item.htm?query=1",
        "https://www.nexmark.com/facebook/hot/deals/item.htm?query=1",
        "https://www.nexmark.com/baidu/hot/deals/item.htm?query=1",
        "https://www.nexmark.com/apple/hot/deals/item.htm?query=1",
    };
    static final String[] FIRST_NAMES = {
        "Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate", "Julie", "Sarah", "Deiter", "Walter"};
    static final String[] LAST_NAMES = {
        "Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith", "Jones", "Noris"};
    static final String[] STATES = {"AZ", "CA", "ID", "OR", "WA", "WY"};
    static final String[] CITIES = {
        "Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland", "Bend", "Redmond", "Seattle", "Kent",
        "Cheyenne"};

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private static final long CHANNEL_SALT = 0x5deece66dL;

    private final NexmarkConfig config;
    private final long seed;
    private final long auctionHorizonMillis;
    private final String[] channelUrls = new String[CHANNELS];
    private long position;

    public NexmarkGenerator(NexmarkConfig config, long seed) {
        this.config = requireNonNull(config, "config is null");
        this.seed = seed;
        // the event time it takes to generate inFlightAuctions more auctions
        long eventsForAuctions = (long) config.inFlightAuctions() * config.cycle() / config.auctionProportion();
        this.auctionHorizonMillis = Math.max(1, eventsForAuctions * 1000 / config.eventsPerSecond());
    }

    public NexmarkConfig config() {
        return config;
    }

    public long seed() {
        return seed;
    }

    /** The number of the event {@link #next(int)} returns next. */
    public long position() {
        return position;
    }

    /** The next {@code count} events, in event order; advances {@link #position()}. */
    public List<NexmarkEvent> next(int count) {
        List<NexmarkEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(event(position++));
        }
        return events;
    }

    /** Event number {@code number} (0-based), the same whenever it is asked for. */
    public NexmarkEvent event(long number) {
        if (number < 0) {
            throw new IllegalArgumentException("event numbers start at 0, not " + number);
        }
        SplittableRandom random = new SplittableRandom(mix(seed ^ mix(number * GOLDEN_GAMMA + GOLDEN_GAMMA)));
        Instant time = timeOf(number);
        switch (kindOf(number)) {
            case PERSON:
                return person(number, time, random);
            case AUCTION:
                return auction(number, time, random);
            case BID:
                return bid(number, time, random);
        }
        throw new AssertionError("unreachable");
    }

    /** The kind of event {@code number}, from its offset in the cycle. */
    public NexmarkEvent.Kind kindOf(long number) {
        long offset = number % config.cycle();
        if (offset < config.personProportion()) {
            return NexmarkEvent.Kind.PERSON;
        }
        if (offset < config.personProportion() + config.auctionProportion()) {
            return NexmarkEvent.Kind.AUCTION;
        }
        return NexmarkEvent.Kind.BID;
    }

    /** The event time of event {@code number}. */
    public Instant timeOf(long number) {
        long micros = Math.multiplyExact(number, 1_000_000L) / config.eventsPerSecond();
        return config.baseTime().plusMillis(micros / 1000);
    }

    /** How many persons come before event {@code number}. */
    long personsBefore(long number) {
        long cycles = number / config.cycle();
        long offset = number % config.cycle();
        return cycles * config.personProportion() + Math.min(offset, config.personProportion());
    }

    /** How many auctions come before event {@code number}. */
    long auctionsBefore(long number) {
        long cycles = number / config.cycle();
        long offset = number % config.cycle() - config.personProportion();
        return cycles * config.auctionProportion() + Math.max(0, Math.min(offset, config.auctionProportion()));
    }

    private Person person(long number, Instant time, SplittableRandom random) {
        long id = FIRST_PERSON_ID + personsBefore(number);
        String name = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)] + " "
                + LAST_NAMES[random.nextInt(LAST_NAMES.length)];
        String email = letters(random, 7, false) + "@" + letters(random, 5, false) + ".com";
        String creditCard = digits(random, 4) + " " + digits(random, 4) + " " + digits(random, 4) + " "
                + digits(random, 4);
        String city = CITIES[random.nextInt(CITIES.length)];
        String state = STATES[random.nextInt(STATES.length)];
        int size = 8 + name.length() + email.length() + creditCard.length() + city.length() + state.length() + 8;
        return new Person(id, name, email, creditCard, city, state, time,
                extra(random, size, config.personBytes()));
    }

    private Auction auction(long number, Instant time, SplittableRandom random) {
        long id = FIRST_AUCTION_ID + auctionsBefore(number);
        String itemName = text(random, 20);
        String description = text(random, 100);
        long initialBid = price(random);
        long reserve = initialBid + price(random);
        Instant expires = time.plusMillis(1 + random.nextLong(2 * auctionHorizonMillis));
        long seller = FIRST_PERSON_ID + hotOrRecent(random, personsBefore(number) - 1, config.hotSellersRatio(),
                config.activePeople(), 0);
        long category = FIRST_CATEGORY + random.nextInt(CATEGORIES);
        int size = 8 + itemName.length() + description.length() + 8 + 8 + 8 + 8 + 8 + 8;
        return new Auction(id, itemName, description, initialBid, reserve, time, expires, seller, category,
                extra(random, size, config.auctionBytes()));
    }

    private Bid bid(long number, Instant time, SplittableRandom random) {
        long auction = FIRST_AUCTION_ID + hotOrRecent(random, auctionsBefore(number) - 1, config.hotAuctionRatio(),
                config.inFlightAuctions(), 0);
        long bidder = FIRST_PERSON_ID + hotOrRecent(random, personsBefore(number) - 1, config.hotBiddersRatio(),
                config.activePeople(), 1);
        long price = price(random);
        String channel;
        String url;
        if (random.nextInt(2) > 0) {
            int hot = random.nextInt(HOT_CHANNELS.length);
            channel = HOT_CHANNELS[hot];
            url = HOT_URLS[hot];
        } else {
            int channelNumber = random.nextInt(CHANNELS);
            channel = "channel-" + channelNumber;
            url = channelUrl(channelNumber);
        }
        int size = 8 + 8 + 8 + channel.length() + url.length() + 8;
        return new Bid(auction, bidder, price, channel, url, time, extra(random, size, config.bidBytes()));
    }

    /**
     * A 0-based person or auction number: the hot one (the newest multiple of {@link #HOT_STRIDE},
     * plus {@code hotOffset} if that exists) with probability {@code 1 - 1/ratio}, otherwise one
     * of the {@code recent} newest, uniformly. {@code newest} is the newest existing number.
     */
    private static long hotOrRecent(SplittableRandom random, long newest, int ratio, int recent, int hotOffset) {
        if (random.nextInt(ratio) > 0) {
            return Math.min(newest / HOT_STRIDE * HOT_STRIDE + hotOffset, newest);
        }
        return newest - random.nextLong(Math.min(recent, newest + 1));
    }

    /** The fixed URL of {@code channel-<number>} for this seed. */
    String channelUrl(int number) {
        String url = channelUrls[number];
        if (url == null) {
            SplittableRandom random = new SplittableRandom(mix(seed ^ mix(CHANNEL_SALT + number)));
            url = "https://www.nexmark.com/" + letters(random, 5, true) + "/" + letters(random, 5, true) + "/"
                    + letters(random, 5, true) + "/item.htm?query=1";
            if (random.nextInt(10) > 0) {
                url += "&channel_id=" + Math.abs(Integer.reverse(number));
            }
            channelUrls[number] = url;
        }
        return url;
    }

    /** A log-uniform price in cents: 100 × 10^(6u), u uniform in [0, 1). */
    private static long price(SplittableRandom random) {
        return Math.round(Math.pow(10.0, random.nextDouble() * 6.0) * 100.0);
    }

    /** 3 to {@code maxLength} lower-case letters with the odd inner space. */
    private static String text(SplittableRandom random, int maxLength) {
        int length = 3 + random.nextInt(maxLength - 2);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            boolean inner = i > 0 && i < length - 1 && text.charAt(i - 1) != ' ';
            text.append(inner && random.nextInt(13) == 0 ? ' ' : (char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    /** Exactly {@code length} lower-case letters, or underscores now and then when {@code underscores}. */
    private static String letters(SplittableRandom random, int length, boolean underscores) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(underscores && random.nextInt(13) == 0 ? '_' : (char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    private static String digits(SplittableRandom random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('0' + random.nextInt(10)));
        }
        return text.toString();
    }

    /** Filler letters bringing an event of {@code size} bytes to {@code average} bytes on average (±20%). */
    private static String extra(SplittableRandom random, int size, int average) {
        int missing = average - size;
        if (missing <= 0) {
            return "";
        }
        int spread = Math.round(missing * 0.2f);
        int length = missing - spread + random.nextInt(2 * spread + 1);
        return letters(random, length, false);
    }

    /** Stafford's variant 13 of the 64-bit finalizer (as in SplitMix64). */
    private static long mix(long value) {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
