-- The ledger of one piece, oldest first.
SELECT l.id, l.stage, l.previous_stage, l.entered_on, l.actor, l.document_number, l.change_set_id, l.parcel_id
FROM reserve_land_stage l
WHERE l.reserve_land_id = :id
ORDER BY l.entered_on, l.id
