-- Adapted from the RisingWave variant of Nexmark (risingwavelabs/risingwave ci/scripts/sql/nexmark/q21.sql,
-- commit 448c6570, Apache License 2.0), itself from the Nexmark suite (nexmark/nexmark, Apache
-- License 2.0); see ../shared/testdata/nexmark/README.md.
-- Channel id of each bid. Changed: RockStream has no regexp_match, so "does the URL carry a
-- channel_id parameter" is the match operator ~ and its value is extracted with regexp_replace
-- of the whole URL (the first match, as regexp_match's).
CREATE MATERIALIZED VIEW nexmark_q21 AS
SELECT auction,
       bidder,
       price,
       channel,
       CASE
           WHEN LOWER(channel) = 'apple' THEN '0'
           WHEN LOWER(channel) = 'google' THEN '1'
           WHEN LOWER(channel) = 'facebook' THEN '2'
           WHEN LOWER(channel) = 'baidu' THEN '3'
           ELSE REGEXP_REPLACE(url, '^.*?(&|^)channel_id=([^&]*).*$', '\2')
           END AS channel_id
FROM bid
WHERE url ~ '(&|^)channel_id='
   OR LOWER(channel) IN ('apple', 'google', 'facebook', 'baidu');
