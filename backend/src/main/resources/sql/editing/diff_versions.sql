-- What changed in a feature's shape between two versions: the area added and the area removed.
WITH v AS (
  SELECT t.version, t.geom FROM /*table*/ t WHERE t.id = :id
  UNION ALL
  SELECT h.version, h.geom FROM feature_history h WHERE h.layer = :layer AND h.feature_id = :id
),
pair AS (
  SELECT (SELECT geom FROM v WHERE version = :from) AS a, (SELECT geom FROM v WHERE version = :to) AS b
)
SELECT a IS NOT NULL AND b IS NOT NULL AS found,
       ST_AsGeoJSON(ST_CollectionExtract(ST_Difference(b, a), 3), 9) AS added,
       ST_AsGeoJSON(ST_CollectionExtract(ST_Difference(a, b), 3), 9) AS removed,
       ST_Area(ST_Difference(b, a)::geography) AS added_m2,
       ST_Area(ST_Difference(a, b)::geography) AS removed_m2
FROM pair
