-- The grading models of a year (every version), or of all years when :year is null.
SELECT id, year, version, name, method, active, indicators::text AS indicators,
       class_rule::text AS class_rule, exclusions::text AS exclusions, options::text AS options,
       created_by,
       created_at, graded_at
FROM grading_model
WHERE CAST(:year AS integer) IS NULL OR year = :year
ORDER BY year, version
