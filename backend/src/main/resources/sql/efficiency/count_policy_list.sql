-- How many rows select_policy_list gives.
SELECT count(*)
FROM grade_publication p
JOIN published_grade g ON g.publication_id = p.id
JOIN differentiated_policy dp ON dp.grade = g.grade
WHERE p.year = :year AND p.frozen_at IS NOT NULL
  AND (CAST(:policy AS text) IS NULL OR dp.policy = :policy)
