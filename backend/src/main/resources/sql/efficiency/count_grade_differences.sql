-- How many subjects a model grades now (the graded slot: select_grades.sql for :subject) otherwise
-- than it stored: missing on either side, or a different score, grade, rank, reason not graded,
-- population or adjustments.
SELECT count(*)
FROM (/*graded*/) g
FULL JOIN (SELECT * FROM /*grades*/ WHERE model_id = :model) s ON s./*key*/ = g.id
WHERE g.id IS NULL OR s./*key*/ IS NULL OR g.score IS DISTINCT FROM s.score
   OR g.grade IS DISTINCT FROM s.grade OR g.rank IS DISTINCT FROM s.rank
   OR g.not_graded IS DISTINCT FROM s.not_graded OR g.population IS DISTINCT FROM s.population
   OR g.adjustments IS DISTINCT FROM s.adjustments
