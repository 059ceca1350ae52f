-- The features of these reference layers within :radius degrees of a point, nearest first
-- (points before lines before polygons at the same distance), at most :limit; with their layer's
-- name and their attributes.
SELECT f.layer_id, l.name AS layer_name, f.id, f.attributes::text AS attributes,
       ST_GeometryType(f.geom) AS geometry_type
FROM reference_feature f
JOIN reference_layer l ON l.id = f.layer_id
CROSS JOIN (SELECT ST_SetSRID(ST_MakePoint(:lon, :lat), 4490) AS p) pt
WHERE f.layer_id = ANY (CAST(:layers AS bigint[]))
  AND f.geom && ST_Expand(pt.p, :radius)
  AND ST_DWithin(f.geom, pt.p, :radius)
ORDER BY ST_Distance(f.geom, pt.p), ST_Dimension(f.geom), f.layer_id, f.id
LIMIT :limit
