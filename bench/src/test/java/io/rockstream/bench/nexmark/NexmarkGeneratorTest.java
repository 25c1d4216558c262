package io.rockstream.bench.nexmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator's model: determinism, the 1:3:46 mix, references, time, field ranges, and the CSV files. */
class NexmarkGeneratorTest {
    private static final int EVENTS = 25_000;

    private static List<NexmarkEvent> generate(long seed, int... batches) {
        NexmarkGenerator generator = new NexmarkGenerator(NexmarkConfig.defaults(), seed);
        List<NexmarkEvent> events = new ArrayList<>();
        for (int i = 0; events.size() < EVENTS; i++) {
            events.addAll(generator.next(Math.min(batches[i % batches.length], EVENTS - events.size())));
        }
        return events;
    }

    @Test
    void theSameSeedGivesTheSameEventsWhateverTheBatchSizes() {
        List<NexmarkEvent> single = generate(7, 1);
        assertThat(generate(7, 777, 3, 10_000)).isEqualTo(single);
        NexmarkGenerator randomAccess = new NexmarkGenerator(NexmarkConfig.defaults(), 7);
        for (long number : new long[] {EVENTS - 1, 0, 12_345, 49, 50}) {
            assertThat(randomAccess.event(number)).isEqualTo(single.get((int) number));
        }
    }

    @Test
    void anotherSeedGivesOtherValuesOnTheSameSkeleton() {
        List<NexmarkEvent> seven = generate(7, 5_000);
        List<NexmarkEvent> eight = generate(8, 5_000);
        int differentValues = 0;
        for (int i = 0; i < EVENTS; i++) {
            // kinds, ids of new persons and auctions, and times follow from the event number alone
            assertThat(eight.get(i).kind()).isEqualTo(seven.get(i).kind());
            assertThat(eight.get(i).dateTime()).isEqualTo(seven.get(i).dateTime());
            if (!eight.get(i).equals(seven.get(i))) {
                differentValues++;
            }
        }
        assertThat(differentValues).isEqualTo(EVENTS);
    }

    @Test
    void everyFiftyEventsHoldOnePersonThreeAuctionsAndFortySixBids() {
        List<NexmarkEvent> events = generate(1, 10_000);
        for (int start = 0; start < EVENTS; start += 50) {
            int[] counts = new int[3];
            for (NexmarkEvent event : events.subList(start, start + 50)) {
                counts[event.kind().ordinal()]++;
            }
            assertThat(counts).as("events %d..%d", start, start + 49).containsExactly(1, 3, 46);
        }
    }

    @Test
    void referencesAreToPersonsAndAuctionsGeneratedBefore() {
        Set<Long> persons = new HashSet<>();
        Set<Long> auctions = new HashSet<>();
        long nextPerson = NexmarkGenerator.FIRST_PERSON_ID;
        long nextAuction = NexmarkGenerator.FIRST_AUCTION_ID;
        long hotAuctionBids = 0;
        long bids = 0;
        for (NexmarkEvent event : generate(3, 4_096)) {
            if (event instanceof Person) {
                Person person = (Person) event;
                assertThat(person.id()).isEqualTo(nextPerson++);
                persons.add(person.id());
            } else if (event instanceof Auction) {
                Auction auction = (Auction) event;
                assertThat(auction.id()).isEqualTo(nextAuction++);
                assertThat(persons).contains(auction.seller());
                auctions.add(auction.id());
            } else {
                Bid bid = (Bid) event;
                assertThat(auctions).contains(bid.auction());
                assertThat(persons).contains(bid.bidder());
                bids++;
                if ((bid.auction() - NexmarkGenerator.FIRST_AUCTION_ID) % 100 == 0) {
                    hotAuctionBids++;
                }
            }
        }
        assertThat(persons).hasSize(EVENTS / 50);
        assertThat(auctions).hasSize(EVENTS / 50 * 3);
        // half the bids go to the hot auction, and a few cold bids land on a multiple of 100 too
        assertThat((double) hotAuctionBids / bids).isBetween(0.48, 0.56);
    }

    @Test
    void eventTimeAdvancesAtTheConfiguredRateAndNeverGoesBack() {
        NexmarkConfig config = NexmarkConfig.defaults().withEventsPerSecond(1_000);
        NexmarkGenerator generator = new NexmarkGenerator(config, 5);
        Instant previous = config.baseTime();
        for (NexmarkEvent event : generator.next(5_000)) {
            assertThat(event.dateTime()).isAfterOrEqualTo(previous);
            previous = event.dateTime();
        }
        assertThat(generator.event(0).dateTime()).isEqualTo(config.baseTime());
        assertThat(generator.event(1_000).dateTime()).isEqualTo(config.baseTime().plusSeconds(1));
        assertThat(generator.event(4_999).dateTime()).isEqualTo(config.baseTime().plusMillis(4_999));
        assertThat(new NexmarkGenerator(NexmarkConfig.defaults(), 5).event(25).dateTime())
                .isEqualTo(NexmarkConfig.DEFAULT_BASE_TIME.plusMillis(2));
    }

    @Test
    void fieldsFollowTheModel() {
        Set<Long> categories = new HashSet<>();
        long hotChannelBids = 0;
        long bids = 0;
        long bidBytes = 0;
        long auctionBytes = 0;
        long auctions = 0;
        for (NexmarkEvent event : generate(11, 10_000)) {
            if (event instanceof Person) {
                Person person = (Person) event;
                assertThat(Arrays.asList(NexmarkGenerator.STATES)).contains(person.state());
                assertThat(Arrays.asList(NexmarkGenerator.CITIES)).contains(person.city());
                assertThat(person.creditCard()).matches("\\d{4} \\d{4} \\d{4} \\d{4}");
                assertThat(person.emailAddress()).matches("[a-z]{7}@[a-z]{5}\\.com");
                assertThat(person.name()).matches("[A-Z][a-z]+ [A-Z][a-z]+");
            } else if (event instanceof Auction) {
                Auction auction = (Auction) event;
                assertThat(auction.reserve()).isGreaterThan(auction.initialBid());
                assertThat(auction.initialBid()).isBetween(100L, 100_000_000L);
                assertThat(auction.expires()).isAfter(auction.dateTime());
                assertThat(Duration.between(auction.dateTime(), auction.expires())).isLessThan(Duration.ofSeconds(1));
                assertThat(auction.itemName().length()).isBetween(3, 20);
                assertThat(auction.description().length()).isBetween(3, 100);
                categories.add(auction.category());
                auctionBytes += NexmarkCsv.line(NexmarkCsv.fields(auction)).length();
                auctions++;
            } else {
                Bid bid = (Bid) event;
                assertThat(bid.price()).isBetween(100L, 100_000_000L);
                assertThat(bid.url()).startsWith("https://www.nexmark.com/").contains("/item.htm?query=1");
                if (Arrays.asList(NexmarkGenerator.HOT_CHANNELS).contains(bid.channel())) {
                    hotChannelBids++;
                } else {
                    assertThat(bid.channel()).matches("channel-\\d{1,4}");
                }
                bidBytes += NexmarkCsv.line(NexmarkCsv.fields(bid)).length();
                bids++;
            }
        }
        assertThat(categories).containsExactlyInAnyOrder(10L, 11L, 12L, 13L, 14L);
        assertThat((double) hotChannelBids / bids).isBetween(0.47, 0.53);
        // extra pads the events to about 100 and 500 bytes (the CSV text adds commas and longer timestamps)
        assertThat((double) bidBytes / bids).isBetween(95.0, 140.0);
        assertThat((double) auctionBytes / auctions).isBetween(470.0, 580.0);
    }

    @Test
    void aChannelKeepsItsUrlAndMostCarryAChannelId() {
        NexmarkGenerator generator = new NexmarkGenerator(NexmarkConfig.defaults(), 13);
        NexmarkGenerator again = new NexmarkGenerator(NexmarkConfig.defaults(), 13);
        int withId = 0;
        for (int channel = 0; channel < NexmarkGenerator.CHANNELS; channel++) {
            assertThat(again.channelUrl(channel)).isEqualTo(generator.channelUrl(channel));
            if (generator.channelUrl(channel).contains("&channel_id=")) {
                withId++;
            }
        }
        assertThat(withId).isBetween(8_700, 9_300);
    }

    @Test
    void csvFieldsRoundTrip() {
        for (NexmarkEvent event : generate(17, 10_000).subList(0, 500)) {
            String line = NexmarkCsv.line(NexmarkCsv.fields(event));
            assertThat(NexmarkCsv.event(event.kind(), NexmarkCsv.parse(line))).isEqualTo(event);
        }
        Person awkward = new Person(1, "O\"Neil, Jr.", "", "a\nb", "x,y", "\"", Instant.parse("2026-01-01T00:00:00Z"),
                " padded ");
        String line = NexmarkCsv.line(NexmarkCsv.fields(awkward));
        assertThat(line).isEqualTo("1,\"O\"\"Neil, Jr.\",\"\",\"a\nb\",\"x,y\",\"\"\"\",2026-01-01 00:00:00.000, padded ");
        assertThat(NexmarkCsv.event(NexmarkEvent.Kind.PERSON, NexmarkCsv.parse(line))).isEqualTo(awkward);
    }

    @Test
    void filesHoldEveryEventAndReadBackInTimeOrder(@TempDir Path directory) throws Exception {
        NexmarkFiles.Counts counts = NexmarkFiles.write(new NexmarkGenerator(NexmarkConfig.defaults(), 19), 5_000,
                directory);
        assertThat(counts).isEqualTo(new NexmarkFiles.Counts(100, 300, 4_600));
        List<NexmarkEvent> generated = new NexmarkGenerator(NexmarkConfig.defaults(), 19).next(5_000);
        List<NexmarkEvent> read = new ArrayList<>();
        Set<Long> persons = new HashSet<>();
        Set<Long> auctions = new HashSet<>();
        String previous = "";
        try (NexmarkFiles.Reader reader = new NexmarkFiles.Reader(directory)) {
            for (NexmarkFiles.Record record = reader.next(); record != null; record = reader.next()) {
                assertThat(record.dateTime()).isGreaterThanOrEqualTo(previous);
                previous = record.dateTime();
                NexmarkEvent event = NexmarkCsv.event(record.kind(), record.fields());
                // the merged order keeps references pointing backwards
                if (event instanceof Person) {
                    persons.add(((Person) event).id());
                } else if (event instanceof Auction) {
                    assertThat(persons).contains(((Auction) event).seller());
                    auctions.add(((Auction) event).id());
                } else {
                    assertThat(auctions).contains(((Bid) event).auction());
                    assertThat(persons).contains(((Bid) event).bidder());
                }
                read.add(event);
            }
        }
        assertThat(read).containsExactlyInAnyOrderElementsOf(generated);
        assertThat(java.nio.file.Files.readAllLines(NexmarkFiles.file(directory, NexmarkEvent.Kind.PERSON)).get(0))
                .isEqualTo(NexmarkCsv.line(NexmarkCsv.fields(generated.get(0))));
    }
}
