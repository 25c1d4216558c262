-- Adapted from the RisingWave variant of Nexmark (risingwavelabs/risingwave ci/scripts/sql/nexmark/q13.sql,
-- commit 448c6570, Apache License 2.0), itself from the Nexmark suite (nexmark/nexmark, Apache
-- License 2.0); see ../shared/testdata/nexmark/README.md.
-- Bounded side-input join. Changed: the lookup join FOR SYSTEM_TIME AS OF PROCTIME() is a
-- plain join against side_input (10,000 rows, created by ddl.sql); the side input never
-- changes, so the answer is the same.
CREATE MATERIALIZED VIEW nexmark_q13 AS
SELECT B.auction, B.bidder, B.price, B.date_time, S.value
FROM bid B
         JOIN side_input S ON MOD(B.auction, 10000) = S.key;
