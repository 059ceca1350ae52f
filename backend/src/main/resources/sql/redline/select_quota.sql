-- Red line per district (ellipsoidal m²) against each district's minimum, and the city's minimum.
SELECT d.code, d.name, d.name_en, d.red_line_minimum_km2,
       coalesce(sum(r.area_m2), 0) AS red_line_m2,
       count(r.id) AS polygons,
       (SELECT red_line_minimum_km2 FROM city) AS city_minimum_km2
FROM district d
LEFT JOIN red_line r ON r.district_code = d.code
GROUP BY d.code
ORDER BY d.code
