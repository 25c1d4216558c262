package io.rockstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementSplitterTest {
    private final StatementSplitter splitter = new StatementSplitter();

    private List<String> feed(String... lines) {
        List<String> statements = new ArrayList<>();
        for (String line : lines) {
            statements.addAll(splitter.feed(line));
        }
        return statements;
    }

    @Test
    void splitsOnSemicolonsAndDropsLeadingCommentsAndBlanks() {
        assertThat(feed("-- leading comment", "", "  SELECT 1; SELECT", "  2 -- trailing;", ";"))
                .containsExactly("SELECT 1", "SELECT\n  2 -- trailing;");
        assertThat(splitter.isEmpty()).isTrue();
    }

    @Test
    void semicolonsInsideQuotesAndCommentsDoNotEndAStatement() {
        assertThat(feed("SELECT 'it''s;', \"a;\"\"b\", E'\\';', /* x /* ; */ ; */ $$;$$, $f$ $$; $f$;"))
                .containsExactly("SELECT 'it''s;', \"a;\"\"b\", E'\\';', /* x /* ; */ ; */ $$;$$, $f$ $$; $f$");
    }

    @Test
    void tracksWhatAnUnfinishedStatementIsInside() {
        feed("SELECT 'multi");
        assertThat(splitter.state()).isEqualTo(StatementSplitter.State.SINGLE_QUOTE);
        assertThat(feed("line';")).containsExactly("SELECT 'multi\nline'");
        feed("SELECT $body$");
        assertThat(splitter.state()).isEqualTo(StatementSplitter.State.DOLLAR_QUOTE);
        feed("$body$, /*");
        assertThat(splitter.state()).isEqualTo(StatementSplitter.State.BLOCK_COMMENT);
        feed("*/ 1");
        assertThat(splitter.state()).isEqualTo(StatementSplitter.State.NORMAL);
        assertThat(splitter.drain()).isEqualTo("SELECT $body$\n$body$, /*\n*/ 1");
        assertThat(splitter.drain()).isNull();
    }

    @Test
    void dollarSignsInsideIdentifiersAreNotQuotes() {
        assertThat(feed("SELECT a$b$ FROM t;")).containsExactly("SELECT a$b$ FROM t");
    }
}
