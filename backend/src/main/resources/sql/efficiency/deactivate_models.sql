-- The year's active model no longer active (a new version is about to be).
UPDATE grading_model SET active = false WHERE year = :y AND active
