-- Bulk path: applies every UPDATE edit of a change set in one statement: the attributes given, the
-- new shape; derived places not given are derived again from the shape (the triggers keep the
-- previous versions in feature_history, as for a single edit).
UPDATE /*table*/ t
SET /*assignments*/ geom = coalesce(e.geom, t.geom), change_set_id = :cs
FROM change_set_edit e, jsonb_populate_record(NULL::/*table*/, e.properties) r
WHERE e.change_set_id = :cs AND e.action = 'UPDATE' AND t.id = e.feature_id
