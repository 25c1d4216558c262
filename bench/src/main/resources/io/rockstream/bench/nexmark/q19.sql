-- Adapted from the RisingWave variant of Nexmark (risingwavelabs/risingwave ci/scripts/sql/nexmark/q19.sql,
-- commit 448c6570, Apache License 2.0), itself from the Nexmark suite (nexmark/nexmark, Apache
-- License 2.0); see ../shared/testdata/nexmark/README.md.
-- The 10 highest bids of each auction. Changed: the view wrapper and an alias for the subquery.
-- Equal prices are numbered in the order of the whole row (RockStream's tie breaker).
CREATE MATERIALIZED VIEW nexmark_q19 AS
SELECT *
FROM (SELECT *,
             ROW_NUMBER() OVER (
                 PARTITION BY auction
                 ORDER BY price DESC
                 ) AS rank_number
      FROM bid) AS B
WHERE rank_number <= 10;
