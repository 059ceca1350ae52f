-- Serializes the work on a year's indicators and grades (recomputation, a new grading model).
SELECT pg_advisory_xact_lock(7004, :year)
