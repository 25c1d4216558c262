-- Adapted from the RisingWave variant of Nexmark (risingwavelabs/risingwave ci/scripts/sql/nexmark/q22.sql,
-- commit 448c6570, Apache License 2.0), itself from the Nexmark suite (nexmark/nexmark, Apache
-- License 2.0); see ../shared/testdata/nexmark/README.md.
-- Directories of each bid's URL. Changed: only the view wrapper.
CREATE MATERIALIZED VIEW nexmark_q22 AS
SELECT auction,
       bidder,
       price,
       channel,
       SPLIT_PART(url, '/', 4) AS dir1,
       SPLIT_PART(url, '/', 5) AS dir2,
       SPLIT_PART(url, '/', 6) AS dir3
FROM bid;
