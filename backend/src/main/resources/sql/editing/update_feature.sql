-- Applies an UPDATE edit: the attributes given, the new shape if one was given; derived places are
-- derived again when the shape changed (and were not given). Returns the feature as written, as
-- select_feature.sql makes it: the row after the BEFORE triggers (version, places), which no AFTER
-- trigger of a versioned layer changes (they write history, places of others, the audit, the noted
-- checks; EditingReturnsTest compares it with a read after, for every layer).
UPDATE /*table*/ t
SET /*assignments*/ geom = coalesce(e.geom, t.geom), change_set_id = :cs
FROM change_set_edit e, jsonb_populate_record(NULL::/*table*/, e.properties) r
WHERE e.change_set_id = :cs AND e.seq = :seq AND t.id = e.feature_id
RETURNING t.id, t.version,
          json_build_object('type', 'Feature', 'id', t.id, 'geometry', ST_AsGeoJSON(t.geom, 15)::json,
                            'properties', api_properties(to_jsonb(t)))::text AS feature
