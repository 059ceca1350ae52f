-- One grading model version.
SELECT id, year, version, name, method, active, indicators::text AS indicators,
       class_rule::text AS class_rule, exclusions::text AS exclusions, options::text AS options,
       created_by,
       created_at, graded_at
FROM grading_model
WHERE id = :id
