-- What the preview shows of the staged shapes: how many, their extent (GeoJSON, for the map), how
-- many are invalid or cannot be repaired, and how many lie outside Foshan (no district within
-- 0.001° of them: a wrong CRS shows here).
SELECT count(*) AS features,
       ST_AsGeoJSON(ST_Extent(shape)::geometry, 7) AS extent,
       count(*) FILTER (WHERE invalid_reason IS NOT NULL) AS invalid,
       count(*) FILTER (WHERE shape IS NULL) AS unrepairable,
       count(*) FILTER (WHERE shape IS NOT NULL AND NOT EXISTS (
         SELECT 1 FROM district d WHERE d.tolerance_geom && shape AND ST_Intersects(d.tolerance_geom, shape))) AS outside
FROM /*shapes*/
