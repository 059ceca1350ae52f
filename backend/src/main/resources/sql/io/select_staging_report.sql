-- What the preview shows of the staged shapes: how many, their extent (GeoJSON, for the map), how
-- many are invalid, cannot be repaired or have too many points, how many had heights (Z) or
-- measures (M), dropped, and how many lie outside Foshan (no district within
-- 0.001° of them: a wrong CRS shows here). The shapes inside are found district by district, so
-- that each district's outline is prepared once (0.1 s for 20,000 shapes, not 4 s shape by shape).
SELECT count(*) AS features,
       ST_AsGeoJSON(ST_Extent(shape)::geometry, 7) AS extent,
       count(*) FILTER (WHERE invalid_reason IS NOT NULL) AS invalid,
       count(*) FILTER (WHERE shape IS NULL AND points <= :max_points) AS unrepairable,
       count(*) FILTER (WHERE points > :max_points) AS too_many_points,
       count(*) FILTER (WHERE shape IS NULL AND points > :max_repair_points
                          AND points <= :max_points) AS too_large_to_repair,
       count(*) FILTER (WHERE had_z) AS with_heights,
       count(shape) - (SELECT count(DISTINCT s.fid)
                       FROM district d
                       JOIN /*shapes*/ s ON d.tolerance_geom && s.shape
                                        AND ST_Intersects(d.tolerance_geom, s.shape)) AS outside
FROM /*shapes*/
