SELECT d.code, d.name, d.name_en, d.red_line_minimum_km2::float8 AS minimum_km2,
       coalesce(sum(r.area_m2), 0) AS m2
FROM district d
LEFT JOIN red_line r ON r.district_code = d.code
GROUP BY d.code
ORDER BY d.code
