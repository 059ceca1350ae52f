-- One feature of a layer (the table slot is the layer's table, from the editable-layer list) as a GeoJSON
-- Feature; its properties are the row's columns, named as in the API.
SELECT t.id, t.version,
       json_build_object('type', 'Feature', 'id', t.id, 'geometry', ST_AsGeoJSON(t.geom, 15)::json,
                         'properties', api_properties(to_jsonb(t)))::text AS feature
FROM /*table*/ t
WHERE t.id = :id
