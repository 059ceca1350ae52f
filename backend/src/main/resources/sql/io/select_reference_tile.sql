-- A vector tile of one reference layer (MVT layer "reference"): its features (with "dim", the
-- dimension of the shape: 0 points, 1 lines, 2 polygons, for drawing them) clipped to the tile
-- (with a 64-pixel margin), simplified to half a pixel, in id order (the same features make the
-- same bytes); at most :max_features of them (the layer's lowest ids first).
WITH bounds AS (
  SELECT ST_TileEnvelope(:z, :x, :y) AS merc,
         ST_Transform(ST_TileEnvelope(:z, :x, :y, margin => 64.0 / 4096), 4490) AS geo,
         360.0 / (4096 * 2 ^ :z) AS pixel
)
SELECT coalesce(ST_AsMVT(tile, 'reference', 4096, 'geom', 'id' ORDER BY tile.id), '\x'::bytea)
FROM (
  SELECT f.id, ST_Dimension(f.geom) AS dim,
         ST_AsMVTGeom(ST_Transform(ST_Simplify(f.geom, bounds.pixel / 2, true), 3857), bounds.merc, 4096, 64, true) AS geom
  FROM reference_feature f, bounds
  WHERE f.layer_id = :layer_id AND f.geom && bounds.geo
  ORDER BY f.id
  LIMIT :max_features
) AS tile
WHERE tile.geom IS NOT NULL
