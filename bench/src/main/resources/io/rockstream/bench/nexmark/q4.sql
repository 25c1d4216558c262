-- Adapted from the RisingWave variant of Nexmark (risingwavelabs/risingwave ci/scripts/sql/nexmark/q4.sql,
-- commit 448c6570, Apache License 2.0), itself from the Nexmark suite (nexmark/nexmark, Apache
-- License 2.0); see ../shared/testdata/nexmark/README.md.
-- Average closing price per category. Changed: only the view wrapper.
CREATE MATERIALIZED VIEW nexmark_q4 AS
SELECT Q.category,
       AVG(Q.final) AS avg
FROM (SELECT MAX(B.price) AS final,
             A.category
      FROM auction A,
           bid B
      WHERE A.id = B.auction
        AND B.date_time BETWEEN A.date_time AND A.expires
      GROUP BY A.id, A.category) Q
GROUP BY Q.category;
