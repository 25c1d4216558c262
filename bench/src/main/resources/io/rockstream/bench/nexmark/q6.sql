-- Adapted from the RisingWave variant of Nexmark (risingwavelabs/risingwave
-- ci/scripts/sql/nexmark/q6-group-top1.sql, commit 448c6570, Apache License 2.0) and the Flink
-- text (nexmark/nexmark q6.sql, Apache License 2.0); see ../shared/testdata/nexmark/README.md.
-- Average selling price per seller over their last 10 closed auctions (upstream Flink cannot run
-- it, FLINK-19059). Changed: the view wrapper; the winning bid is the highest (ORDER BY price
-- DESC as in the Flink text; RisingWave's file orders ascending).
CREATE MATERIALIZED VIEW nexmark_q6 AS
SELECT Q.seller,
       AVG(Q.final) OVER
           (PARTITION BY Q.seller ORDER BY Q.date_time ROWS BETWEEN 10 PRECEDING AND CURRENT ROW)
           AS avg
FROM (
    SELECT ROW_NUMBER() OVER (PARTITION BY A.id, A.seller ORDER BY B.price DESC) AS rank,
           A.seller,
           B.price AS final,
           B.date_time
    FROM auction AS A, bid AS B
    WHERE A.id = B.auction AND B.date_time BETWEEN A.date_time AND A.expires
) AS Q
WHERE Q.rank <= 1;
