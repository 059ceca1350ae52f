-- A page of a layer's features, each a GeoJSON Feature made by PostGIS, in key order. The caller
-- asks for one more than the page to learn whether there is a next one, and each feature's key to
-- continue after (next links say "after this key": an index range, where an offset would make the
-- database build and skip every feature before the page). Slots, all filled from fixed text, never
-- from the request: features (the layer's features relation), geometry (f.geom in the requested CRS)
-- and decimals (its precision), properties (f.properties::json, or the requested ones only:
-- select_properties.sql), bbox (bbox_filter.sql or nothing), after (after_filter.sql or nothing) and
-- filter (the CQL2 filter and the time's conditions, each beginning AND, or nothing).
SELECT json_build_object('type', 'Feature', 'id', f.id,
                         'geometry', ST_AsGeoJSON(/*geometry*/, /*decimals*/, 0)::json,
                         'properties', /*properties*/)::text AS feature,
       f.id::text AS key
FROM (/*features*/) f
WHERE true /*bbox*/ /*after*/ /*filter*/
ORDER BY f.id
LIMIT :limit OFFSET :offset
