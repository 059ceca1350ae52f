-- One vector tile of one layer, and the layer's revision, in one round trip. The layer's own query
-- fills the features slot below; it may use bounds.merc (the tile in EPSG:3857),
-- bounds.geo (the tile with a 64-pixel margin in EPSG:4490, for the GiST index), bounds.z and
-- bounds.pixel (one pixel in degrees). The tile is not made when the client already holds this
-- revision (:known_revision) or below the layer's minimum zoom.
WITH revision AS (
  SELECT revision FROM layer_revision WHERE layer = :layer_name
),
bounds AS (
  SELECT ST_TileEnvelope(:z, :x, :y) AS merc,
         ST_Transform(ST_TileEnvelope(:z, :x, :y, margin => 64.0 / 4096), 4490) AS geo,
         :z AS z,
         360.0 / (4096 * 2 ^ :z) AS pixel
)
SELECT revision.revision,
       CASE WHEN revision.revision = :known_revision OR :z < :min_zoom THEN NULL
            ELSE (SELECT coalesce(ST_AsMVT(tile, :layer_name, 4096, 'geom', 'id'), '\x'::bytea)
                  FROM (/*features*/) AS tile)
       END AS mvt
FROM revision
