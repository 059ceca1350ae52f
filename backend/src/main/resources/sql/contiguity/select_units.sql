-- The units contiguity is reported under: the districts, or the industrial clusters (by id).
SELECT 'district' AS kind, d.code::text AS id, d.code::text AS code, d.name, d.name_en
FROM district d
UNION ALL
SELECT 'cluster', c.id::text, c.code, c.name, c.name_en
FROM industrial_cluster c
ORDER BY 1, 3
