-- The version of a grading model.
SELECT version FROM grading_model WHERE id = :id
