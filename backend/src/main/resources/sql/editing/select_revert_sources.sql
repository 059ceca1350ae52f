-- What a committed change set did to each feature, and the version it ended (for UPDATE and
-- DELETE), to undo it.
SELECT e.layer, e.action, e.feature_id,
       h.version AS ended_version, ST_AsGeoJSON(h.geom, 15) AS ended_geometry,
       h.properties::text AS ended_properties
FROM change_set_edit e
LEFT JOIN feature_history h
       ON h.layer = e.layer AND h.feature_id = e.feature_id AND h.ended_by_change_set_id = e.change_set_id
WHERE e.change_set_id = :cs
ORDER BY e.seq
