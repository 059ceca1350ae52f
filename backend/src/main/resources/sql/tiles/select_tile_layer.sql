-- One layer of a tile (a part of select_tile.sql): its MVT layer, named after the layer (the
-- layer's place in :layer_names, the slot "position", from 1), empty below the layer's minimum zoom
-- (the slot "min_zoom"); the layer's own query fills the slot "features". Features go in id order,
-- so the same features make the same bytes whatever the plan (the ETag is the tile's hash).
CASE WHEN :z < /*min_zoom*/ THEN '\x'::bytea
     ELSE (SELECT coalesce(ST_AsMVT(tile, (string_to_array(:layer_names, ','))[/*position*/], 4096, 'geom', 'id' ORDER BY tile.id), '\x'::bytea)
           FROM (/*features*/) AS tile)
END
