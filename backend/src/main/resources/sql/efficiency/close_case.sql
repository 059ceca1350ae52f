-- Closes a case with its outcome and reason (the database checks the status path).
UPDATE grade_case SET status = :outcome, outcome_reason = :reason
WHERE id = :case
RETURNING id
