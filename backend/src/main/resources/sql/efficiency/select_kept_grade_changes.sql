-- The city's grade changes between two models as the database keeps them (V53 grade_change): no row
-- when the pair is not kept (then select_grade_changes.sql counts them), one row with null subjects
-- when it is kept and no subject was graded by either model, else the counts per pair of grades.
SELECT g.from_grade, g.to_grade, g.subjects
FROM grade_change_pair k
LEFT JOIN grade_change g
  ON g.subject = :subject AND g.previous_model = k.previous_model AND g.model = k.model
WHERE k.previous_model = :previous AND k.model = :model
ORDER BY g.from_grade NULLS LAST, g.to_grade NULLS LAST
