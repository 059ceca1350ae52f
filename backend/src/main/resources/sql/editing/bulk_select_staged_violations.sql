-- Bulk path, preview on a copy (V28): the rules' verdict on a change set applied to its copy (the same
-- overlap and in-district statements as check_change_set's), the first :limit violations with their
-- shapes, and how many there are in all.
SELECT rule, layer, feature_id, other_id, message, ST_AsGeoJSON(geom, 7) AS geometry,
       count(*) OVER () AS total
FROM check_staged_change_set(:cs, :layer)
LIMIT :limit
