-- Adapted from the RisingWave variant of Nexmark (risingwavelabs/risingwave ci/scripts/sql/nexmark/q10.sql,
-- commit 448c6570, Apache License 2.0), itself from the Nexmark suite (nexmark/nexmark, Apache
-- License 2.0); see ../shared/testdata/nexmark/README.md.
-- Log to a partitioned file system (here: the date and minute of each bid). Changed: RockStream
-- has no to_char, so the day and the HH:MI are cut from the timestamp's text form
-- (yyyy-MM-dd HH:mm:ss[.fff]); the minute is on the 24-hour clock, as Flink's DATE_FORMAT
-- 'HH:mm' (PostgreSQL's to_char 'HH:MI' would be on the 12-hour clock).
CREATE MATERIALIZED VIEW nexmark_q10 AS
SELECT auction,
       bidder,
       price,
       date_time,
       SUBSTRING(CAST(date_time AS varchar) FROM 1 FOR 10) AS date,
       SUBSTRING(CAST(date_time AS varchar) FROM 12 FOR 5) AS time
FROM bid;
