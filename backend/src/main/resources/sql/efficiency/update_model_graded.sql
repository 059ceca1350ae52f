-- When a model last graded its year.
UPDATE grading_model SET graded_at = now() WHERE id = :model
