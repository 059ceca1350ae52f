-- One feature of a layer by its key, as a GeoJSON Feature made by PostGIS, its geometry in the
-- requested CRS (the comment gives way to the transformation, fixed text chosen by the CRS). The
-- cast is to the key's type (bigint or text), chosen by the layer, never by the request.
SELECT json_build_object('type', 'Feature', 'id', f.id,
                         'geometry', ST_AsGeoJSON(/*geometry*/f.geom, /*decimals*/9, 0)::json,
                         'properties', f.properties::json)::text AS feature
FROM (/*features*/) f
WHERE f.id = CAST(:id AS /*key*/)
