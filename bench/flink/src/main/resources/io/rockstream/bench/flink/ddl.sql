-- Nexmark source tables over the CSV files of RockStream's Nexmark generator.
-- Adapted from nexmark/nexmark nexmark-flink/src/main/resources/queries/ddl_views.sql
-- (Apache License 2.0): upstream defines person/auction/bid as views over one datagen table
-- with camelCase columns; here each is a filesystem table with snake_case columns, reading one
-- CSV file (no header, PostgreSQL CSV, timestamps 'yyyy-MM-dd HH:mm:ss.SSS' UTC).
-- ${DATA_DIR} is replaced by the runner with the absolute data directory.
-- The watermark is upstream's: date_time - 4 seconds.

CREATE TABLE person (
  id BIGINT,
  name VARCHAR,
  email_address VARCHAR,
  credit_card VARCHAR,
  city VARCHAR,
  state VARCHAR,
  date_time TIMESTAMP(3),
  extra VARCHAR,
  WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'file://${DATA_DIR}/person.csv',
  'format' = 'csv'
);

CREATE TABLE auction (
  id BIGINT,
  item_name VARCHAR,
  description VARCHAR,
  initial_bid BIGINT,
  reserve BIGINT,
  date_time TIMESTAMP(3),
  expires TIMESTAMP(3),
  seller BIGINT,
  category BIGINT,
  extra VARCHAR,
  WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'file://${DATA_DIR}/auction.csv',
  'format' = 'csv'
);

CREATE TABLE bid (
  auction BIGINT,
  bidder BIGINT,
  price BIGINT,
  channel VARCHAR,
  url VARCHAR,
  date_time TIMESTAMP(3),
  extra VARCHAR,
  WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND
) WITH (
  'connector' = 'filesystem',
  'path' = 'file://${DATA_DIR}/bid.csv',
  'format' = 'csv'
);
