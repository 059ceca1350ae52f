-- The building's stage ledger, oldest first.
SELECT s.stage, s.entered_on, s.actor, s.document_number, s.change_set_id, c.reason
FROM factory_building_stage s
JOIN change_set c ON c.id = s.change_set_id
WHERE s.factory_building_id = :id
ORDER BY s.id
