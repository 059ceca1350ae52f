-- One vector tile of one layer. The layer's own query replaces the features placeholder below; it
-- may use bounds.merc (the tile in EPSG:3857), bounds.geo (the tile with a 64-pixel margin in
-- EPSG:4490, for the GiST index), bounds.z and bounds.pixel (one pixel in degrees).
WITH bounds AS (
  SELECT ST_TileEnvelope(:z, :x, :y) AS merc,
         ST_Transform(ST_TileEnvelope(:z, :x, :y, margin => 64.0 / 4096), 4490) AS geo,
         :z AS z,
         360.0 / (4096 * 2 ^ :z) AS pixel
)
SELECT coalesce(ST_AsMVT(tile, :layer_name, 4096, 'geom', 'id'), '\x'::bytea)
FROM (/*features*/) AS tile
