-- A case's follow-ups, in the order they happened.
SELECT id, happened_on, note, recorded_by, recorded_at
FROM grade_case_follow_up
WHERE case_id = :case
ORDER BY happened_on, id
LIMIT 1000
