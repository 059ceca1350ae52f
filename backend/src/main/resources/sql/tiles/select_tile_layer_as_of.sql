-- One layer of a tile as it was at :as_of (a part of select_tile.sql), from the kept versions and
-- the current rows: its MVT layer, named after the layer (the layer's place in :layer_names, the
-- slot "position", from 1), empty below the layer's minimum zoom (the slot "min_zoom"); the
-- features carry the layer's tile attributes (the slot "attributes": each read from the version's
-- properties, each followed by a comma, from the layer's definition) and the area; in id order, so
-- the same features make the same bytes whatever the plan (the ETag is the tile's hash).
CASE WHEN :z < /*min_zoom*/ THEN '\x'::bytea
     ELSE (SELECT coalesce(ST_AsMVT(tile, (string_to_array(:layer_names, ','))[/*position*/], 4096, 'geom', 'id' ORDER BY tile.id), '\x'::bytea)
           FROM (SELECT f.id, /*attributes*/
                        round(((f.properties ->> 'area_m2')::float8 * 0.0015)::numeric, 1)::float8 AS area_mu,
                        ST_AsMVTGeom(ST_Transform(f.geom, 3857), bounds.merc, 4096, 64, true) AS geom
                 FROM bounds, LATERAL layer_as_of((string_to_array(:layer_names, ','))[/*position*/], :as_of, bounds.geo) f) AS tile)
END
