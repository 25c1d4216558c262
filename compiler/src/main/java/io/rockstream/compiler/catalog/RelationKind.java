package io.rockstream.compiler.catalog;

/** What a catalog name denotes. */
public enum RelationKind {
    TABLE("table"),
    VIEW("view"),
    MATERIALIZED_VIEW("materialized view");

    private final String title;

    RelationKind(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
