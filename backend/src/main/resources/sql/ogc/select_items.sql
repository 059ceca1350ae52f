-- A page of a layer's features (its features relation in place of the comment in FROM), each a
-- GeoJSON Feature made by PostGIS, in key order. The caller asks for one more than the page to learn
-- whether there is a next one, and each feature's key to continue after (next links say "after
-- this key": an index range, where an offset would make the database build and skip every feature
-- before the page). The comments after WHERE give way to the bounding-box condition (bbox_filter.sql)
-- and the key condition (after_filter.sql) when there are.
SELECT json_build_object('type', 'Feature', 'id', f.id,
                         'geometry', ST_AsGeoJSON(f.geom, 9)::json,
                         'properties', f.properties::json)::text AS feature,
       f.id::text AS key
FROM (/*features*/) f
WHERE true /*bbox*/ /*after*/
ORDER BY f.id
LIMIT :limit OFFSET :offset
