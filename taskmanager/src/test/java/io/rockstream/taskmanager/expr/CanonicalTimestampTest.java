package io.rockstream.taskmanager.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockstream.jobgraph.error.RockStreamException;
import java.time.LocalDateTime;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The digit-by-digit reading of canonical timestamps ({@link DateTimeText#canonicalTimestamp})
 * gives what the general parser gives, and leaves every other form to it.
 */
class CanonicalTimestampTest {
    @Test
    void canonicalTextReadsAsTheGeneralParserReadsIt() {
        SplittableRandom random = new SplittableRandom(6);
        for (int i = 0; i < 20_000; i++) {
            LocalDateTime value = LocalDateTime.of(1 + random.nextInt(9999), 1 + random.nextInt(12),
                    1 + random.nextInt(28), random.nextInt(24), random.nextInt(60), random.nextInt(60));
            int digits = random.nextInt(7);
            StringBuilder text = new StringBuilder(String.format("%04d-%02d-%02d %02d:%02d:%02d", value.getYear(),
                    value.getMonthValue(), value.getDayOfMonth(), value.getHour(), value.getMinute(),
                    value.getSecond()));
            if (digits > 0) {
                text.append('.');
                for (int d = 0; d < digits; d++) {
                    text.append((char) ('0' + random.nextInt(10)));
                }
            }
            String canonical = text.toString();
            LocalDateTime fast = DateTimeText.canonicalTimestamp(canonical);
            assertThat(fast).as(canonical).isNotNull();
            // the general parser reads the same text with a leading space (so it skips the fast path)
            assertThat(fast).as(canonical).isEqualTo(DateTimeText.parseTimestamp(" " + canonical));
        }
        assertThat(DateTimeText.parseTimestamp("2026-01-01 00:00:00.123")).isEqualTo(
                LocalDateTime.of(2026, 1, 1, 0, 0, 0, 123_000_000));
        assertThat(DateTimeText.parseTimestamp("2024-02-29 23:59:59.999999")).isEqualTo(
                LocalDateTime.of(2024, 2, 29, 23, 59, 59, 999_999_000));
    }

    @Test
    void otherFormsAreLeftToTheGeneralParserWithItsAnswersAndErrors() {
        String[] others = {"2026-01-01 24:00:00", "2026-12-31 23:59:60", "2026-01-01 00:00:00.", "2026-01-01 00:00:00.1234567",
            "2026-01-01T00:00:00", "0000-01-01 00:00:00", "2025-02-29 00:00:00", "2026-13-01 00:00:00",
            "2026-01-01 0a:00:00", "2026-01-01 00:00:00+02", "12026-01-01 00:00:00", "2026-1-01 00:00:00",
            "2026-01-01 -1:00:00", "2026-04-31 10:00:00"};
        for (String text : others) {
            assertThat(DateTimeText.canonicalTimestamp(text)).as(text).isNull();
        }
        assertThat(DateTimeText.parseTimestamp("2026-01-01 24:00:00")).isEqualTo(LocalDateTime.of(2026, 1, 2, 0, 0));
        assertThat(DateTimeText.parseTimestamp("2026-01-01 00:00:00.1234567"))
                .isEqualTo(LocalDateTime.of(2026, 1, 1, 0, 0, 0, 123_457_000));
        assertThat(DateTimeText.parseTimestamp("2026-1-01 00:00:00")).isEqualTo(LocalDateTime.of(2026, 1, 1, 0, 0));
        for (String bad : new String[] {"2025-02-29 00:00:00", "2026-04-31 10:00:00", "2026-13-01 00:00:00"}) {
            assertThatThrownBy(() -> DateTimeText.parseTimestamp(bad)).isInstanceOf(RockStreamException.class)
                    .satisfies(e -> assertThat(((RockStreamException) e).code().sqlState()).isEqualTo("22008"));
        }
        assertThatThrownBy(() -> DateTimeText.parseTimestamp("2026-01-01 0a:00:00"))
                .isInstanceOf(RockStreamException.class)
                .satisfies(e -> assertThat(((RockStreamException) e).code().sqlState()).isEqualTo("22007"));
    }
}
