-- A model's year and whether it is the year's active one.
SELECT year, active FROM grading_model WHERE id = :model
