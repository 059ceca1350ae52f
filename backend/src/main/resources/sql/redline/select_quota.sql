-- Red line per district (ellipsoidal m²) against each district's minimum, with the city's figures
-- on every row. A city without districts yet still gives one row (district columns null).
SELECT c.code AS city_code, c.name AS city_name, c.name_en AS city_name_en,
       c.red_line_minimum_km2 AS city_minimum_km2,
       d.code, d.name, d.name_en, d.red_line_minimum_km2,
       coalesce(sum(r.area_m2), 0) AS red_line_m2,
       count(r.id) AS polygons
FROM city c
LEFT JOIN district d ON true
LEFT JOIN red_line r ON r.district_code = d.code
GROUP BY c.code, d.code
ORDER BY d.code
