package io.rockstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import org.junit.jupiter.api.Test;

class ErrorReportTest {
    @Test
    void messageDetailAndHintWithoutPosition() {
        RockStreamException error = RockStreamException.of(ErrorCode.DIVISION_BY_ZERO, "division by zero")
                .withDetail("the detail").withHint("the hint");
        assertThat(ErrorReport.render(error, "SELECT 1/0")).containsExactly(
                "ERROR:  22012: division by zero", "DETAIL:  the detail", "HINT:  the hint");
    }

    @Test
    void caretUnderThePositionOnItsLine() {
        assertThat(ErrorReport.positionLines("SELECT a,\n  bad FROM t", 12)).containsExactly(
                "LINE 2:   bad FROM t",
                "          ^");
    }

    @Test
    void positionAtTheEndOfTheText() {
        assertThat(ErrorReport.positionLines("SELECT", 6)).containsExactly(
                "LINE 1: SELECT",
                "              ^");
    }

    @Test
    void longLinesAreCutAroundThePositionLikePsql() {
        String line = "SELECT " + "x".repeat(80) + " + bad + " + "y".repeat(30);
        int offset = line.indexOf("bad");
        assertThat(ErrorReport.positionLines(line, offset)).containsExactly(
                "LINE 1: ..." + line.substring(offset + 10 - 60, offset + 10) + "...",
                " ".repeat("LINE 1: ...".length() + 50) + "^");
        assertThat(ErrorReport.positionLines(line, 7)).containsExactly(
                "LINE 1: " + line.substring(0, 60) + "...",
                " ".repeat("LINE 1: ".length() + 7) + "^");
    }
}
