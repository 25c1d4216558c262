package io.rockstream.jobgraph.graph;

/** The join types; CROSS is INNER on no key. */
public enum JoinType {
    INNER, LEFT, RIGHT, FULL;

    public boolean preservesLeft() {
        return this == LEFT || this == FULL;
    }

    public boolean preservesRight() {
        return this == RIGHT || this == FULL;
    }
}
