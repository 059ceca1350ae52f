SELECT rule, layer, feature_id, other_id, message, ST_AsGeoJSON(geom, 9) AS geometry
FROM check_change_set(:cs, :lock)
