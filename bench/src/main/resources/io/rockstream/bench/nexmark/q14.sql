-- Adapted from the RisingWave variant of Nexmark (risingwavelabs/risingwave ci/scripts/sql/nexmark/q14.sql,
-- commit 448c6570, Apache License 2.0), itself from the Nexmark suite (nexmark/nexmark, Apache
-- License 2.0); see ../shared/testdata/nexmark/README.md.
-- Calculation: bid time of day and a character count. Changed: the count_char UDF is inlined
-- as length(extra) - length(replace(extra, 'c', '')).
CREATE MATERIALIZED VIEW nexmark_q14 AS
SELECT auction,
       bidder,
       0.908 * price AS price,
       CASE
           WHEN EXTRACT(HOUR FROM date_time) >= 8 AND EXTRACT(HOUR FROM date_time) <= 18
               THEN 'dayTime'
           WHEN EXTRACT(HOUR FROM date_time) <= 6 OR EXTRACT(HOUR FROM date_time) >= 20
               THEN 'nightTime'
           ELSE 'otherTime'
           END AS bidTimeType,
       date_time,
       LENGTH(extra) - LENGTH(REPLACE(extra, 'c', '')) AS c_counts
FROM bid
WHERE 0.908 * price > 1000000
  AND 0.908 * price < 50000000;
