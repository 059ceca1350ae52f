SELECT d.code, d.name, d.name_en, d.area_m2, d.official_area_km2, d.red_line_minimum_km2,
       (SELECT count(*) FROM town t WHERE t.district_code = d.code) AS towns,
       ST_XMin(d.geom) AS west, ST_YMin(d.geom) AS south, ST_XMax(d.geom) AS east, ST_YMax(d.geom) AS north,
       ST_X(label.center) AS label_lon, ST_Y(label.center) AS label_lat
FROM district d, ST_MaximumInscribedCircle(d.geom) AS label
ORDER BY d.code
