-- Adapted from the RisingWave variant of Nexmark (risingwavelabs/risingwave ci/scripts/sql/nexmark/q8.sql,
-- commit 448c6570, Apache License 2.0), itself from the Nexmark suite (nexmark/nexmark, Apache
-- License 2.0); see ../shared/testdata/nexmark/README.md.
-- New users who opened an auction in the 10-second window they registered in. Changed: the
-- tumbling windows are a GROUP BY on the window bounds computed from date_time (no TUMBLE).
CREATE MATERIALIZED VIEW nexmark_q8 AS
SELECT P.id,
       P.name,
       P.starttime
FROM (SELECT id,
             name,
             TIMESTAMP '1970-01-01 00:00:00'
                 + INTERVAL '10 second' * FLOOR(EXTRACT(EPOCH FROM date_time) / 10) AS starttime,
             TIMESTAMP '1970-01-01 00:00:00'
                 + INTERVAL '10 second' * (FLOOR(EXTRACT(EPOCH FROM date_time) / 10) + 1) AS endtime
      FROM person
      GROUP BY id, name, starttime, endtime) P
         JOIN (SELECT seller,
                      TIMESTAMP '1970-01-01 00:00:00'
                          + INTERVAL '10 second' * FLOOR(EXTRACT(EPOCH FROM date_time) / 10) AS starttime,
                      TIMESTAMP '1970-01-01 00:00:00'
                          + INTERVAL '10 second' * (FLOOR(EXTRACT(EPOCH FROM date_time) / 10) + 1) AS endtime
               FROM auction
               GROUP BY seller, starttime, endtime) A ON P.id = A.seller
    AND P.starttime = A.starttime
    AND P.endtime = A.endtime;
