-- The red line per district now (m²) with its minimum: the quota (red_line_quota(), V21), read
-- before and after a change set's edits for its preview.
SELECT q.code, q.name, q.name_en, q.minimum_km2::float8 AS minimum_km2, q.red_line_m2 AS m2
FROM red_line_quota() q
ORDER BY q.code
