-- The decision on an objection (the grade before, who and when are the database's); none when the
-- objection is decided already.
INSERT INTO grade_objection_decision (objection_id, outcome, grade_after, reason, decided_by)
VALUES (:objection, :outcome, :grade, :reason, '')
ON CONFLICT (objection_id) DO NOTHING
RETURNING objection_id
