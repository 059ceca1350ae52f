-- One version of a feature, current or kept, as a GeoJSON Feature.
SELECT json_build_object('type', 'Feature', 'id', v.id, 'geometry', ST_AsGeoJSON(v.geom, 15)::json,
                         'properties', api_properties(v.properties))::text
FROM (SELECT t.id, t.version, t.geom, to_jsonb(t) AS properties FROM /*table*/ t WHERE t.id = :id
      UNION ALL
      SELECT h.feature_id, h.version, h.geom, h.properties FROM feature_history h
      WHERE h.layer = :layer AND h.feature_id = :id) v
WHERE v.version = :version
