-- One vector tile of a layer as it was at :as_of (from the kept versions and the current rows), and
-- the layer's revision, in one round trip; the features carry the layer's tile attributes (the
-- slot "attributes": each read from the version's properties, each followed by a comma, from the
-- layer's definition) and the area.
WITH revision AS (
  SELECT revision FROM layer_revision WHERE layer = :layer_name
),
bounds AS (
  SELECT ST_TileEnvelope(:z, :x, :y) AS merc,
         ST_Transform(ST_TileEnvelope(:z, :x, :y, margin => 64.0 / 4096), 4490) AS geo
)
SELECT revision.revision,
       CASE WHEN revision.revision = :known_revision OR :z < :min_zoom THEN NULL
            ELSE (SELECT coalesce(ST_AsMVT(tile, :layer_name, 4096, 'geom', 'id'), '\x'::bytea)
                  FROM (SELECT f.id, /*attributes*/
                               round(((f.properties ->> 'area_m2')::float8 * 0.0015)::numeric, 1)::float8 AS area_mu,
                               ST_AsMVTGeom(ST_Transform(f.geom, 3857), bounds.merc, 4096, 64, true) AS geom
                        FROM bounds, LATERAL layer_as_of(:layer_name, :as_of, bounds.geo) f) AS tile)
       END AS mvt
FROM revision
