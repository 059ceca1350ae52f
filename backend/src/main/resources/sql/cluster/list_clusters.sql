-- Every cluster with its area, its red line, and the districts it lies in (those holding at least
-- 1% of it; derived from the geometry, so never out of date).
SELECT c.id, c.code, c.name, c.name_en, c.flagship, c.leading_industries, c.area_m2,
       coalesce(r.red_line_m2, 0) AS red_line_m2,
       ARRAY(
         SELECT d.code FROM district d
         WHERE d.geom && c.geom
           AND (ST_Covers(d.geom, c.geom)
                OR (ST_Intersects(d.geom, c.geom)
                    AND ST_Area(ST_Intersection(d.geom, c.geom)::geography) >= 0.01 * c.area_m2))
         ORDER BY d.code) AS district_codes
FROM industrial_cluster c
LEFT JOIN (SELECT cluster_id, sum(area_m2) AS red_line_m2 FROM red_line GROUP BY cluster_id) r
       ON r.cluster_id = c.id
ORDER BY c.code
