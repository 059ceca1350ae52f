-- A vector tile of one or more layers, and their revisions, in one round trip. :layer_names lists
-- the layers (comma-separated, in the order the slot "layers" composes them); the slot holds one
-- select_tile_layer.sql or select_tile_layer_as_of.sql per layer, joined by || (an MVT is a list
-- of layers, so single-layer tiles concatenated are one tile of all of them). The revisions come
-- back as text, "12.4.7" in that order; when the client already holds these revisions
-- (:known_revisions) the tile is not made. A layer's query may use bounds.merc (the tile in
-- EPSG:3857), bounds.geo (the tile with a 64-pixel margin in EPSG:4490, for the GiST index),
-- bounds.z and bounds.pixel (one pixel in degrees).
WITH revisions AS (
  SELECT string_agg(r.revision::text, '.' ORDER BY asked.n) AS revisions
  FROM unnest(string_to_array(:layer_names, ',')) WITH ORDINALITY AS asked(layer, n)
  JOIN layer_revision r ON r.layer = asked.layer
),
bounds AS (
  SELECT ST_TileEnvelope(:z, :x, :y) AS merc,
         ST_Transform(ST_TileEnvelope(:z, :x, :y, margin => 64.0 / 4096), 4490) AS geo,
         :z AS z,
         360.0 / (4096 * 2 ^ :z) AS pixel
)
SELECT revisions.revisions,
       CASE WHEN revisions.revisions = :known_revisions THEN NULL
            ELSE /*layers*/
       END AS mvt
FROM revisions
