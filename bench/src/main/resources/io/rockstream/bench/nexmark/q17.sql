-- Adapted from the RisingWave variant of Nexmark (risingwavelabs/risingwave ci/scripts/sql/nexmark/q17.sql,
-- commit 448c6570, Apache License 2.0), itself from the Nexmark suite (nexmark/nexmark, Apache
-- License 2.0); see ../shared/testdata/nexmark/README.md.
-- Auction statistics per day. Changed: to_char is cut from the timestamp's text (no to_char).
CREATE MATERIALIZED VIEW nexmark_q17 AS
SELECT auction,
       SUBSTRING(CAST(date_time AS varchar) FROM 1 FOR 10) AS day,
       count(*) AS total_bids,
       count(*) FILTER (WHERE price < 10000) AS rank1_bids,
       count(*) FILTER (WHERE price >= 10000 AND price < 1000000) AS rank2_bids,
       count(*) FILTER (WHERE price >= 1000000) AS rank3_bids,
       min(price) AS min_price,
       max(price) AS max_price,
       avg(price) AS avg_price,
       sum(price) AS sum_price
FROM bid
GROUP BY SUBSTRING(CAST(date_time AS varchar) FROM 1 FOR 10), auction;
