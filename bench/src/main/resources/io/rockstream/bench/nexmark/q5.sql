-- Adapted from the RisingWave variant of Nexmark (risingwavelabs/risingwave ci/scripts/sql/nexmark/q5.sql,
-- commit 448c6570, Apache License 2.0), itself from the Nexmark suite (nexmark/nexmark, Apache
-- License 2.0); see ../shared/testdata/nexmark/README.md.
-- Hot items: the auctions with the most bids in each hopping window (10 s, every 2 s).
-- Changed: RockStream has no HOP table function, so each bid is copied into the 5 windows that
-- hold it by a cross join with the offsets 0..4; a window starts at a multiple of 2 s since the
-- epoch, like HOP's. Without watermarks every window stays open: a late bid updates its
-- windows and the view is the answer over all bids so far (the same once windows close).
CREATE MATERIALIZED VIEW nexmark_q5 AS
WITH hopped AS (
    SELECT B.auction,
           TIMESTAMP '1970-01-01 00:00:00'
               + INTERVAL '1 second' * (FLOOR(EXTRACT(EPOCH FROM B.date_time) / 2) * 2 - 2 * H.k) AS window_start
    FROM bid B
             CROSS JOIN (VALUES (0), (1), (2), (3), (4)) AS H(k)
)
SELECT AuctionBids.auction, AuctionBids.num
FROM (
    SELECT auction,
           count(*) AS num,
           window_start AS starttime
    FROM hopped
    GROUP BY auction, window_start
) AS AuctionBids
JOIN (
    SELECT max(CountBids.num) AS maxn,
           CountBids.starttime_c
    FROM (
        SELECT count(*) AS num,
               window_start AS starttime_c
        FROM hopped
        GROUP BY auction, window_start
    ) AS CountBids
    GROUP BY CountBids.starttime_c
) AS MaxBids
ON AuctionBids.starttime = MaxBids.starttime_c AND
   AuctionBids.num >= MaxBids.maxn;
