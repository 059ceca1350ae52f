-- Bulk path: applies every UPDATE edit of a change set in one statement: the attributes given, the
-- new shape; derived places not given are derived again from the shape, looked up here for all the
-- rows (places_at, as the layer's trigger would for each row left without them: the same places)
-- (the triggers keep the previous versions in feature_history, as for a single edit).
UPDATE /*table*/ t
SET /*assignments*/ geom = coalesce(e.geom, t.geom), change_set_id = :cs
FROM change_set_edit e
CROSS JOIN LATERAL jsonb_populate_record(NULL::/*table*/, e.properties) r
CROSS JOIN LATERAL /*places*/ at
WHERE e.change_set_id = :cs AND e.action = 'UPDATE' AND t.id = e.feature_id
