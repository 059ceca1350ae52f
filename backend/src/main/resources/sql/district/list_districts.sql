SELECT d.code, d.name, d.name_en, d.area_m2, d.official_area_km2, d.red_line_minimum_km2,
       (SELECT count(*) FROM town t WHERE t.district_code = d.code) AS towns
FROM district d
ORDER BY d.code
