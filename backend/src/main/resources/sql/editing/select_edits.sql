SELECT e.seq, e.layer, e.action, e.feature_id, e.base_version,
       ST_AsGeoJSON(e.geom, 15) AS geometry, e.properties::text AS properties,
       round((ST_Area(e.geom::geography) * 0.0015)::numeric, 2)::float8 AS area_mu
FROM change_set_edit e
WHERE e.change_set_id = :cs
ORDER BY e.seq
