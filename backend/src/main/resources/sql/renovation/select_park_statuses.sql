-- The renovation ledger of a park: every status it entered, oldest first.
SELECT s.status, s.entered_on, s.actor, s.document_number, s.change_set_id, c.reason, s.recorded_at
FROM village_park_status s
JOIN change_set c ON c.id = s.change_set_id
WHERE s.village_park_id = :id
ORDER BY s.id
