-- Locks the features a change set changes, in id order (no deadlocks), and reads their versions;
-- with :features, each as a GeoJSON Feature too (as select_feature.sql makes it), read by the same
-- statement that locks it.
SELECT t.id, t.version,
       CASE WHEN :features THEN
         json_build_object('type', 'Feature', 'id', t.id, 'geometry', ST_AsGeoJSON(t.geom, 15)::json,
                           'properties', api_properties(to_jsonb(t)))::text
       END AS feature
FROM /*table*/ t
WHERE t.id = ANY (CAST(:ids AS bigint[]))
ORDER BY t.id
FOR UPDATE
