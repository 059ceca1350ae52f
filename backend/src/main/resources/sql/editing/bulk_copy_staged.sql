-- Bulk path, preview on a copy (V28): the features a draft changes, as they are now, into the copy
-- (pg_temp.staged_rows, of the layer's shape) that its edits are then applied to.
INSERT INTO pg_temp.staged_rows
SELECT t.* FROM /*table*/ t
WHERE t.id IN (SELECT feature_id FROM change_set_edit WHERE change_set_id = :cs AND action = 'UPDATE')
