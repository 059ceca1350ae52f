-- The active grading model of a year, if it has one.
SELECT id FROM grading_model WHERE year = :year AND active
