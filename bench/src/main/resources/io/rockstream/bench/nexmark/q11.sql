-- Adapted from the Nexmark suite's Flink text (nexmark/nexmark
-- nexmark-flink/src/main/resources/queries/q11.sql, Apache License 2.0; RisingWave has no q11);
-- see ../shared/testdata/nexmark/README.md.
-- User sessions: bids per bidder per session, a session ending after 10 s without a bid.
-- Changed: RockStream has no session windows, so sessions are numbered with window functions:
-- a bid starts a new session when the bidder's previous bid is more than 10 s older (lag), and
-- a running sum of those starts numbers the sessions. At equal times the starting bid sorts
-- first, so equal-time bids always share a session. Sessions never close (no watermarks).
CREATE MATERIALIZED VIEW nexmark_q11 AS
WITH marked AS (
    SELECT bidder,
           date_time,
           CASE
               WHEN LAG(date_time) OVER (PARTITION BY bidder ORDER BY date_time)
                        >= date_time - INTERVAL '10' SECOND THEN 0
               ELSE 1
               END AS starts
    FROM bid
), numbered AS (
    SELECT bidder,
           date_time,
           SUM(starts) OVER (PARTITION BY bidder ORDER BY date_time, starts DESC
                             ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS session
    FROM marked
)
SELECT bidder,
       count(*) AS bid_count,
       MIN(date_time) AS starttime,
       MAX(date_time) + INTERVAL '10' SECOND AS endtime
FROM numbered
GROUP BY bidder, session;
