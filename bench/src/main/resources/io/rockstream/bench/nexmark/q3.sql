-- Adapted from the RisingWave variant of Nexmark (risingwavelabs/risingwave ci/scripts/sql/nexmark/q3.sql,
-- commit 448c6570, Apache License 2.0), itself from the Nexmark suite (nexmark/nexmark, Apache
-- License 2.0); see ../shared/testdata/nexmark/README.md.
-- Local item suggestion: a join of auctions and sellers. Changed: the view wrapper, and the
-- states are upper case ('OR', 'ID', 'CA') as this generator, Beam's and Flink's make them
-- (RisingWave's generator writes them in lower case).
CREATE MATERIALIZED VIEW nexmark_q3 AS
SELECT P.name,
       P.city,
       P.state,
       A.id
FROM auction AS A
         INNER JOIN person AS P ON A.seller = P.id
WHERE A.category = 10
  AND (P.state = 'OR' OR P.state = 'ID' OR P.state = 'CA');
