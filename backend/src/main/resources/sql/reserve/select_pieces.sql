-- The reserve pieces, newest stage change first, optionally of one stage and one district.
SELECT r.id, r.code, r.name, r.district_code, d.name AS district_name, r.stage, r.stage_since, r.version,
       r.area_m2, r.ownership
FROM reserve_land r
JOIN district d ON d.code = r.district_code
WHERE (CAST(:stage AS text) IS NULL OR r.stage = :stage)
  AND (CAST(:district AS text) IS NULL OR r.district_code = :district)
ORDER BY r.stage_since DESC, r.id
LIMIT :limit
