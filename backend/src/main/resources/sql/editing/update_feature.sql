-- Applies an UPDATE edit: the attributes given, the new shape if one was given; derived places are
-- derived again when the shape changed (and were not given).
UPDATE /*table*/ t
SET /*assignments*/ geom = coalesce(e.geom, t.geom), change_set_id = :cs
FROM change_set_edit e, jsonb_populate_record(NULL::/*table*/, e.properties) r
WHERE e.change_set_id = :cs AND e.seq = :seq AND t.id = e.feature_id
