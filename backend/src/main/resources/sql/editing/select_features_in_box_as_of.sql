-- The features of a layer in a bounding box as they were at :at (history and current rows).
SELECT json_build_object(
         'type', 'FeatureCollection',
         'features', coalesce(json_agg(json_build_object(
             'type', 'Feature', 'id', f.id, 'geometry', ST_AsGeoJSON(f.geom, 9)::json,
             'properties', json_build_object('code', f.properties ->> 'code', 'version', f.version))), '[]'::json))::text
FROM (SELECT * FROM layer_as_of(:layer, :at, ST_MakeEnvelope(:west, :south, :east, :north, 4490))
      ORDER BY (properties ->> 'area_m2')::float8 DESC
      LIMIT :limit) f
