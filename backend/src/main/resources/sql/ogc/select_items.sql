-- A page of a layer's features (its features relation in place of the comment in FROM), each a
-- GeoJSON Feature made by PostGIS, in key order. The caller asks for one more than the page to learn
-- whether there is a next one, and each feature's key to continue after (next links say "after
-- this key": an index range, where an offset would make the database build and skip every feature
-- before the page). The comments after WHERE give way to the bounding-box condition (bbox_filter.sql),
-- the key condition (after_filter.sql) and a CQL2 filter when there are; the geometry's comment to
-- its transformation into the requested CRS, the properties' to the requested properties only
-- (select_properties.sql). All of them come from fixed text, never from the request.
SELECT json_build_object('type', 'Feature', 'id', f.id,
                         'geometry', ST_AsGeoJSON(/*geometry*/f.geom, /*decimals*/9, 0)::json,
                         'properties', /*properties*/f.properties::json)::text AS feature,
       f.id::text AS key
FROM (/*features*/) f
WHERE true /*bbox*/ /*after*/ /*filter*/
ORDER BY f.id
LIMIT :limit OFFSET :offset
