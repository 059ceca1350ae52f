-- The shapes of one reference layer in a box (west, south, east, north; CGCS2000) as GeoJSON
-- features, for snapping: at most :limit, by id.
SELECT f.id, ST_AsGeoJSON(f.geom, 9) AS geometry
FROM reference_feature f
WHERE f.layer_id = :layer_id
  AND f.geom && ST_MakeEnvelope(:west, :south, :east, :north, 4490)
ORDER BY f.id
LIMIT :limit
