-- Red line per district (ellipsoidal m²) against each district's minimum (red_line_quota(), V21:
-- the quota as the preview and the database rule compute it), with the city's figures on every
-- row. A city without districts yet still gives one row (district columns null).
SELECT c.code AS city_code, c.name AS city_name, c.name_en AS city_name_en,
       c.red_line_minimum_km2 AS city_minimum_km2,
       q.code, q.name, q.name_en, q.minimum_km2 AS red_line_minimum_km2,
       q.red_line_m2, q.polygons
FROM city c
LEFT JOIN red_line_quota() q ON true
ORDER BY q.code
