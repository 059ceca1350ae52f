-- An enterprise's identity for its profile (GET /api/enterprises/{key}/profile), by id or by
-- unified social credit code (the other null): what the map's popup and search show anyone.
SELECT e.id, e.credit_code, e.name, e.industry_code, i.name AS industry_name, i.name_en AS industry_name_en,
       e.district_code, d.name AS district_name, e.town_code, t.name AS town_name, e.founded_on,
       e.above_scale
FROM enterprise e
JOIN industry i ON i.code = e.industry_code
JOIN district d ON d.code = e.district_code
LEFT JOIN town t ON t.code = e.town_code
WHERE (CAST(:id AS bigint) IS NULL OR e.id = :id)
  AND (CAST(:code AS text) IS NULL OR e.credit_code = :code)
