-- A follow-up of a case (the database checks the case is open and the date, and moves an open
-- case to FOLLOWING_UP).
INSERT INTO grade_case_follow_up (case_id, happened_on, note, recorded_by)
VALUES (:case, :happened, :note, '')
RETURNING id
