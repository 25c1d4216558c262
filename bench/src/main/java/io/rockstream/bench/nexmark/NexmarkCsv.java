package io.rockstream.bench.nexmark;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Events as PostgreSQL {@code COPY ... (FORMAT csv)} lines: no header, comma-separated, a field
 * in double quotes (inner quotes doubled) when it is empty or holds a comma, quote, CR or LF, no
 * NULLs (the generator makes none). Columns are in the order of the tables in {@code ddl.sql}:
 * <ul>
 *   <li>person: id, name, email_address, credit_card, city, state, date_time, extra</li>
 *   <li>auction: id, item_name, description, initial_bid, reserve, date_time, expires, seller,
 *       category, extra</li>
 *   <li>bid: auction, bidder, price, channel, url, date_time, extra</li>
 * </ul>
 * Timestamps are UTC wall-clock time as {@code yyyy-MM-dd HH:mm:ss.SSS} (always three decimals,
 * so the text sorts in time order), which PostgreSQL, Flink and RockStream all read as a
 * {@code timestamp} without time zone.
 */
public final class NexmarkCsv {
    /** The columns of each table, in file order. */
    public static final List<String> PERSON_COLUMNS = List.of(
            "id", "name", "email_address", "credit_card", "city", "state", "date_time", "extra");
    public static final List<String> AUCTION_COLUMNS = List.of(
            "id", "item_name", "description", "initial_bid", "reserve", "date_time", "expires", "seller", "category",
            "extra");
    public static final List<String> BID_COLUMNS = List.of(
            "auction", "bidder", "price", "channel", "url", "date_time", "extra");

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);

    private NexmarkCsv() {
    }

    /** The columns of {@code kind}'s table, in file order. */
    public static List<String> columns(NexmarkEvent.Kind kind) {
        switch (kind) {
            case PERSON:
                return PERSON_COLUMNS;
            case AUCTION:
                return AUCTION_COLUMNS;
            case BID:
                return BID_COLUMNS;
        }
        throw new AssertionError(kind);
    }

    /** The position of {@code date_time} in {@code kind}'s columns. */
    public static int dateTimeColumn(NexmarkEvent.Kind kind) {
        return columns(kind).indexOf("date_time");
    }

    /** The event's column values as text, in file order. */
    public static String[] fields(NexmarkEvent event) {
        if (event instanceof Person) {
            Person person = (Person) event;
            return new String[] {Long.toString(person.id()), person.name(), person.emailAddress(),
                person.creditCard(), person.city(), person.state(), timestamp(person.dateTime()), person.extra()};
        }
        if (event instanceof Auction) {
            Auction auction = (Auction) event;
            return new String[] {Long.toString(auction.id()), auction.itemName(), auction.description(),
                Long.toString(auction.initialBid()), Long.toString(auction.reserve()),
                timestamp(auction.dateTime()), timestamp(auction.expires()), Long.toString(auction.seller()),
                Long.toString(auction.category()), auction.extra()};
        }
        Bid bid = (Bid) event;
        return new String[] {Long.toString(bid.auction()), Long.toString(bid.bidder()), Long.toString(bid.price()),
            bid.channel(), bid.url(), timestamp(bid.dateTime()), bid.extra()};
    }

    /** The event parsed back from its fields ({@link #fields} inverted). */
    public static NexmarkEvent event(NexmarkEvent.Kind kind, String[] fields) {
        if (fields.length != columns(kind).size()) {
            throw new IllegalArgumentException(kind.table() + " rows have " + columns(kind).size() + " fields, not "
                    + fields.length);
        }
        switch (kind) {
            case PERSON:
                return new Person(Long.parseLong(fields[0]), fields[1], fields[2], fields[3], fields[4], fields[5],
                        instant(fields[6]), fields[7]);
            case AUCTION:
                return new Auction(Long.parseLong(fields[0]), fields[1], fields[2], Long.parseLong(fields[3]),
                        Long.parseLong(fields[4]), instant(fields[5]), instant(fields[6]), Long.parseLong(fields[7]),
                        Long.parseLong(fields[8]), fields[9]);
            case BID:
                return new Bid(Long.parseLong(fields[0]), Long.parseLong(fields[1]), Long.parseLong(fields[2]),
                        fields[3], fields[4], instant(fields[5]), fields[6]);
        }
        throw new AssertionError(kind);
    }

    /** {@code yyyy-MM-dd HH:mm:ss.SSS} in UTC. */
    public static String timestamp(Instant time) {
        return TIMESTAMP.format(LocalDateTime.ofInstant(time, ZoneOffset.UTC));
    }

    static Instant instant(String timestamp) {
        return LocalDateTime.parse(timestamp, TIMESTAMP).toInstant(ZoneOffset.UTC);
    }

    /** One CSV line (without the line end). */
    public static String line(String[] fields) {
        StringBuilder line = new StringBuilder(128);
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            appendField(line, fields[i]);
        }
        return line.toString();
    }

    private static void appendField(StringBuilder line, String field) {
        boolean quote = field.isEmpty();
        for (int i = 0; i < field.length() && !quote; i++) {
            char c = field.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            line.append(field);
            return;
        }
        line.append('"');
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '"') {
                line.append('"');
            }
            line.append(c);
        }
        line.append('"');
    }

    /**
     * The fields of one CSV line ({@link #line} inverted). A quoted field may not span lines here:
     * the generator never puts a line break in a field.
     */
    public static String[] parse(String line) {
        List<String> fields = new ArrayList<>(10);
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (true) {
            field.setLength(0);
            if (i < line.length() && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= line.length()) {
                        throw new IllegalArgumentException("unterminated quoted field in: " + line);
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < line.length() && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
            } else {
                int end = line.indexOf(',', i);
                field.append(line, i, end < 0 ? line.length() : end);
                i = end < 0 ? line.length() : end;
            }
            fields.add(field.toString());
            if (i >= line.length()) {
                return fields.toArray(new String[0]);
            }
            if (line.charAt(i) != ',') {
                throw new IllegalArgumentException("expected a comma at " + i + " in: " + line);
            }
            i++;
        }
    }
}
