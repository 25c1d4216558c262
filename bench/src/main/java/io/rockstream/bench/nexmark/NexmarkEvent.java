package io.rockstream.bench.nexmark;

import java.time.Instant;

/** One generated Nexmark event: a {@link Person}, an {@link Auction} or a {@link Bid}. */
public sealed interface NexmarkEvent permits Person, Auction, Bid {
    /** The event time. */
    Instant dateTime();

    /** The table the event goes to: {@code person}, {@code auction} or {@code bid}. */
    Kind kind();

    /** The three kinds of event, in the order the generator emits them within each cycle. */
    enum Kind {
        PERSON("person"),
        AUCTION("auction"),
        BID("bid");

        private final String table;

        Kind(String table) {
            this.table = table;
        }

        /** The table name in ddl.sql and the file name stem ({@code person.csv}, ...). */
        public String table() {
            return table;
        }
    }
}
