-- Adapted from the RisingWave variant of Nexmark (risingwavelabs/risingwave ci/scripts/sql/nexmark/q20.sql,
-- commit 448c6570, Apache License 2.0), itself from the Nexmark suite (nexmark/nexmark, Apache
-- License 2.0); see ../shared/testdata/nexmark/README.md.
-- Expand each bid with its auction (category 10 only). Changed: only the view wrapper.
CREATE MATERIALIZED VIEW nexmark_q20 AS
SELECT auction,
       bidder,
       price,
       channel,
       url,
       B.date_time AS bid_date_time,
       B.extra AS bid_extra,
       item_name,
       description,
       initial_bid,
       reserve,
       A.date_time AS auction_date_time,
       expires,
       seller,
       category,
       A.extra AS auction_extra
FROM bid AS B
         INNER JOIN auction AS A ON B.auction = A.id
WHERE A.category = 10;
