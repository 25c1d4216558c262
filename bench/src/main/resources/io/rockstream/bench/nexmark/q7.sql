-- Adapted from the RisingWave variant of Nexmark (risingwavelabs/risingwave ci/scripts/sql/nexmark/q7.sql,
-- commit 448c6570, Apache License 2.0), itself from the Nexmark suite (nexmark/nexmark, Apache
-- License 2.0); see ../shared/testdata/nexmark/README.md.
-- Highest bid in each 10-second tumbling window. Changed: RockStream has no TUMBLE table
-- function, so the window end is computed from the bid's time (the next multiple of 10 s since
-- the epoch) and the windows are a GROUP BY on it. Windows never close (no watermarks).
CREATE MATERIALIZED VIEW nexmark_q7 AS
SELECT B.auction,
       B.price,
       B.bidder,
       B.date_time
FROM bid B
         JOIN (SELECT MAX(price) AS maxprice,
                      window_end AS date_time
               FROM (SELECT price,
                            TIMESTAMP '1970-01-01 00:00:00'
                                + INTERVAL '10 second' * (FLOOR(EXTRACT(EPOCH FROM date_time) / 10) + 1) AS window_end
                     FROM bid) AS W
               GROUP BY window_end) B1 ON B.price = B1.maxprice
WHERE B.date_time BETWEEN B1.date_time - INTERVAL '10' SECOND AND B1.date_time;
