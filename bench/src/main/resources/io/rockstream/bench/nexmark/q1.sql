-- Adapted from the RisingWave variant of Nexmark (risingwavelabs/risingwave ci/scripts/sql/nexmark/q1.sql,
-- commit 448c6570, Apache License 2.0), itself from the Nexmark suite (nexmark/nexmark, Apache
-- License 2.0); see ../shared/testdata/nexmark/README.md.
-- Currency conversion (dollars to euros). Changed: only the view wrapper.
CREATE MATERIALIZED VIEW nexmark_q1 AS
SELECT auction,
       bidder,
       0.908 * price AS price,
       date_time
FROM bid;
