-- Bulk path: the rules' verdict on a change set (check_change_set, as the database runs it at
-- commit), the first :limit violations with their shapes, and how many there are in all.
SELECT rule, layer, feature_id, other_id, message, ST_AsGeoJSON(geom, 7) AS geometry,
       count(*) OVER () AS total
FROM check_change_set(:cs, :lock)
LIMIT :limit
