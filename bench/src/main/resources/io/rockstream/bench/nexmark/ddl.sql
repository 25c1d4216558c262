-- The Nexmark tables in RockStream's (PostgreSQL) dialect. Column names and types follow the
-- RisingWave variant of the Nexmark DDL (risingwavelabs/risingwave ci/scripts/sql/nexmark/ddl.sql,
-- Apache License 2.0; see ../shared/testdata/nexmark/README.md), as plain tables instead of views
-- over a Kafka source. Column order is the order of the CSV files NexmarkFiles writes.
-- side_input is the static side table of q13 (10,000 rows: key -> key as text), as upstream.
CREATE TABLE person (
    id bigint PRIMARY KEY,
    name varchar,
    email_address varchar,
    credit_card varchar,
    city varchar,
    state varchar,
    date_time timestamp,
    extra varchar
);
CREATE TABLE auction (
    id bigint PRIMARY KEY,
    item_name varchar,
    description varchar,
    initial_bid bigint,
    reserve bigint,
    date_time timestamp,
    expires timestamp,
    seller bigint,
    category bigint,
    extra varchar
);
CREATE TABLE bid (
    auction bigint,
    bidder bigint,
    price bigint,
    channel varchar,
    url varchar,
    date_time timestamp,
    extra varchar
);
CREATE TABLE side_input (
    key bigint PRIMARY KEY,
    value varchar
);
INSERT INTO side_input SELECT v, CAST(v AS varchar) FROM generate_series(0, 9999) AS s(v);
