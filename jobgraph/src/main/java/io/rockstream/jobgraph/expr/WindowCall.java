package io.rockstream.jobgraph.expr;

import static java.util.Objects.requireNonNull;

import io.rockstream.jobgraph.type.SqlType;
import java.util.List;

/**
 * One window function of a Window vertex: its kind, argument columns of the input (for
 * lag/lead: value, offset, default; ntile: bucket count; nth_value: value, n), the frame
 * (used by the value and aggregate functions) and the result type.
 */
public record WindowCall(WindowKind kind, List<Integer> args, WindowFrame frame, SqlType type) {
    public WindowCall {
        requireNonNull(kind, "kind is null");
        args = List.copyOf(args);
        requireNonNull(frame, "frame is null");
        requireNonNull(type, "type is null");
    }
}
