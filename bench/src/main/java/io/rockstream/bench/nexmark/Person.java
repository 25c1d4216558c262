package io.rockstream.bench.nexmark;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A person who registered to sell or bid: a row of the {@code person} table. */
public record Person(long id, String name, String emailAddress, String creditCard, String city, String state,
        Instant dateTime, String extra) implements NexmarkEvent {
    public Person {
        requireNonNull(name, "name is null");
        requireNonNull(emailAddress, "emailAddress is null");
        requireNonNull(creditCard, "creditCard is null");
        requireNonNull(city, "city is null");
        requireNonNull(state, "state is null");
        requireNonNull(dateTime, "dateTime is null");
        requireNonNull(extra, "extra is null");
    }

    @Override
    public Kind kind() {
        return Kind.PERSON;
    }
}
