-- Adapted from nexmark/nexmark nexmark-flink/src/main/resources/queries/q13.sql
-- (Apache License 2.0). Changes: columns renamed to the snake_case names of our tables (dateTime -> date_time, itemName -> item_name, ...); side_input is a filesystem CSV table that the runner writes (10,000 rows, value = key as text) at ${SIDE_INPUT_PATH},
-- in place of the legacy 'connector.type' filesystem table. The lookup join (FOR SYSTEM_TIME AS OF B.p_time) becomes a
-- regular join: Flink 2.3's filesystem connector is not a lookup source, and a processing-time temporal join
-- against a non-lookup table is rejected ("Temporal Table Join requires primary key in versioned table").
-- The regular join keeps both inputs in state, which upstream's lookup join does not.
-- -------------------------------------------------------------------------------------------------
-- Query 13: Bounded Side Input Join (Not in original suite)
-- -------------------------------------------------------------------------------------------------
-- Joins a stream to a bounded side input, modeling basic stream enrichment.
-- -------------------------------------------------------------------------------------------------

CREATE TABLE side_input (
  key BIGINT,
  `value` VARCHAR
) WITH (
  'connector' = 'filesystem',
  'path' = 'file://${SIDE_INPUT_PATH}',
  'format' = 'csv'
);

CREATE TABLE nexmark_q13 (
  auction  BIGINT,
  bidder  BIGINT,
  price  BIGINT,
  date_time  TIMESTAMP(3),
  `value`  VARCHAR
) WITH (
  'connector' = 'blackhole'
);

INSERT INTO nexmark_q13
SELECT
    B.auction,
    B.bidder,
    B.price,
    B.date_time,
    S.`value`
FROM bid B
JOIN side_input S
ON mod(B.auction, 10000) = S.key;
