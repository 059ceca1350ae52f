-- Applies a CREATE (or, with the id and version given, a RESTORE) edit: the attributes given, a code if none
-- was, the shape; derived places are filled in by the database. Returns the id and the feature as
-- written, as update_feature.sql does.
INSERT INTO /*table*/ AS t (/*id*/ /*columns*/ code, geom, change_set_id)
SELECT /*id_values*/ /*values*/ coalesce(r.code, :code), e.geom, :cs
FROM change_set_edit e, jsonb_populate_record(NULL::/*table*/, e.properties) r
WHERE e.change_set_id = :cs AND e.seq = :seq
RETURNING t.id,
          json_build_object('type', 'Feature', 'id', t.id, 'geometry', ST_AsGeoJSON(t.geom, 15)::json,
                            'properties', api_properties(to_jsonb(t)))::text AS feature
