-- One feature of a layer by its key, as a GeoJSON Feature made by PostGIS. The cast is to the key's
-- type (bigint or text), chosen by the layer, never by the request.
SELECT json_build_object('type', 'Feature', 'id', f.id,
                         'geometry', ST_AsGeoJSON(f.geom, 9)::json,
                         'properties', f.properties::json)::text AS feature
FROM (/*features*/) f
WHERE f.id = CAST(:id AS /*key*/)
