package io.rockstream.jobgraph.expr;

import static java.util.Objects.requireNonNull;

/**
 * A window frame, {@code ROWS|RANGE BETWEEN start AND end}. Offsets are row counts for
 * ROWS (RANGE supports only UNBOUNDED and CURRENT ROW bounds). PostgreSQL's default frame,
 * {@code RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW} (peers included), is
 * {@link #DEFAULT}; without ORDER BY every row of the partition is a peer of every other.
 */
public record WindowFrame(Mode mode, Bound start, long startOffset, Bound end, long endOffset) {
    public static final WindowFrame DEFAULT = new WindowFrame(Mode.RANGE, Bound.UNBOUNDED_PRECEDING, 0,
            Bound.CURRENT_ROW, 0);

    /** ROWS counts rows; RANGE treats ORDER BY peers as one. */
    public enum Mode { ROWS, RANGE }

    /** A frame bound; PRECEDING and FOLLOWING take the offset. */
    public enum Bound { UNBOUNDED_PRECEDING, PRECEDING, CURRENT_ROW, FOLLOWING, UNBOUNDED_FOLLOWING }

    public WindowFrame {
        requireNonNull(mode, "mode is null");
        requireNonNull(start, "start is null");
        requireNonNull(end, "end is null");
    }
}
