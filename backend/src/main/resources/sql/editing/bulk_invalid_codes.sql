-- Bulk path: the invalid codes (not matching :pattern, FeatureCodes) of a draft's edits, the first of
-- them and how many: the rows of the file to correct.
SELECT e.properties ->> 'code' AS code, count(*) OVER () AS total
FROM change_set_edit e
WHERE e.change_set_id = :cs
  AND e.properties ->> 'code' IS NOT NULL
  AND (e.properties ->> 'code') !~ :pattern
ORDER BY e.seq
LIMIT 10
