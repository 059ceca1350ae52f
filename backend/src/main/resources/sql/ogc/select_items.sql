-- A page of a layer's features (its features relation in place of the comment in FROM), each a
-- GeoJSON Feature made by PostGIS, in key order. The caller asks for one more than the page to learn
-- whether there is a next one. The comment after WHERE gives way to the bounding-box condition
-- (bbox_filter.sql) when there is one.
SELECT json_build_object('type', 'Feature', 'id', f.id,
                         'geometry', ST_AsGeoJSON(f.geom, 9)::json,
                         'properties', f.properties::json)::text AS feature
FROM (/*features*/) f
WHERE true /*bbox*/
ORDER BY f.id
LIMIT :limit OFFSET :offset
