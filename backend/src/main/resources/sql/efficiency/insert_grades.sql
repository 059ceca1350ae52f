-- The grades a model gives (the graded slot: select_grades.sql for :subject) stored in the grade
-- table of enterprises or of parcels, keyed by the subject's id column (slots, allow-listed).
INSERT INTO /*grades*/ (model_id, /*key*/, score, grade, rank, not_graded, population, adjustments)
SELECT :model, g.id, g.score, g.grade, g.rank, g.not_graded, g.population, g.adjustments
FROM (/*graded*/) g
