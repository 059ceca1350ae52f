-- How grades moved from one year to the next: the enterprises (or parcels) by their grade under the
-- previous year's active model (:previous) and under this year's (:model), counted per pair. A grade
-- is null where the subject was not graded (excluded, or no figures) or not there that year. The
-- service puts the subject's grade table and key in place of the comments (allow-listed), and keeps
-- the subjects of a district or cluster (:district, :cluster; null for all) in either year.
WITH cur AS (
  SELECT g./*key*/ AS id, g.grade FROM /*grades*/ g WHERE g.model_id = :model
), prev AS (
  SELECT g./*key*/ AS id, g.grade FROM /*grades*/ g WHERE g.model_id = :previous
), placed AS (
  SELECT f./*key*/ AS id FROM /*figures*/ f
  WHERE f.year IN (:year, :year - 1)
    AND (CAST(:district AS text) IS NULL OR f.district_code = :district)
    AND (CAST(:cluster AS bigint) IS NULL OR /*cluster*/)
)
SELECT p.grade AS from_grade, c.grade AS to_grade, count(*) AS subjects
FROM cur c
FULL JOIN prev p ON p.id = c.id
WHERE (CAST(:district AS text) IS NULL AND CAST(:cluster AS bigint) IS NULL)
   OR coalesce(c.id, p.id) IN (SELECT id FROM placed)
GROUP BY p.grade, c.grade
ORDER BY p.grade NULLS LAST, c.grade NULLS LAST
