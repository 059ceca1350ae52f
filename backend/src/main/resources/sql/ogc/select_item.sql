-- One feature of a layer by its key, as a GeoJSON Feature made by PostGIS. Slots, filled from fixed
-- text chosen by the layer and the CRS, never by the request: features (the layer's features
-- relation), geometry (f.geom in the requested CRS) and decimals (its precision), key (the key's
-- type, bigint or text, which :id is cast to).
SELECT json_build_object('type', 'Feature', 'id', f.id,
                         'geometry', ST_AsGeoJSON(/*geometry*/, /*decimals*/, 0)::json,
                         'properties', f.properties::json)::text AS feature
FROM (/*features*/) f
WHERE f.id = CAST(:id AS /*key*/)
