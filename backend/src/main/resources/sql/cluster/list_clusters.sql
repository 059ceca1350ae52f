-- Every cluster with its area, its red line, the districts it lies in (those holding at least 1%
-- of it; derived from the geometry, so never out of date), its extent and a label point.
SELECT c.id, c.code, c.name, c.name_en, c.flagship, c.area_m2,
       coalesce(r.red_line_m2, 0) AS red_line_m2,
       ARRAY(
         SELECT d.code FROM district d
         WHERE d.geom && c.geom
           AND (ST_Covers(d.geom, c.geom)
                OR (ST_Intersects(d.geom, c.geom)
                    AND ST_Area(ST_Intersection(d.geom, c.geom)::geography) >= 0.01 * c.area_m2))
         ORDER BY d.code) AS district_codes,
       (SELECT coalesce(json_agg(json_build_object('code', i.code, 'name', i.name, 'nameEn', i.name_en)
                                 ORDER BY array_position(c.leading_industries, i.code)), '[]')
        FROM industry i WHERE i.code = ANY (c.leading_industries))::text AS leading_industries,
       ST_XMin(c.geom) AS west, ST_YMin(c.geom) AS south, ST_XMax(c.geom) AS east, ST_YMax(c.geom) AS north,
       ST_X(label.center) AS label_lon, ST_Y(label.center) AS label_lat
FROM industrial_cluster c
CROSS JOIN LATERAL ST_MaximumInscribedCircle(c.geom) AS label
LEFT JOIN (SELECT cluster_id, sum(area_m2) AS red_line_m2 FROM red_line GROUP BY cluster_id) r
       ON r.cluster_id = c.id
ORDER BY c.code
