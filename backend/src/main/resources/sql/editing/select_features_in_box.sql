-- The features of a layer in a bounding box, as a GeoJSON FeatureCollection made by PostGIS (for
-- snapping and editing on the map): at most :limit, the largest first.
SELECT json_build_object(
         'type', 'FeatureCollection',
         'features', coalesce(json_agg(json_build_object(
             'type', 'Feature', 'id', f.id, 'geometry', ST_AsGeoJSON(f.geom, 9)::json,
             'properties', json_build_object('code', f.code, 'version', f.version))), '[]'::json))::text
FROM (SELECT t.id, t.code, t.version, t.geom FROM /*table*/ t
      WHERE t.geom && ST_MakeEnvelope(:west, :south, :east, :north, 4490)
      ORDER BY t.area_m2 DESC
      LIMIT :limit) f
