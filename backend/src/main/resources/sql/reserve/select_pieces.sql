-- The reserve pieces, optionally of one stage and one district, in the order asked for (:sort, one of
-- an allow-list the controller checks: code, district, stage, stageSince, areaMu, each ascending or,
-- with a leading '-', descending; then by id), and with their shapes (GeoJSON, EPSG:4490, 6 decimals,
-- about 0.1 m) when :geometry is true; with the major project each is kept for now (V50; a project the
-- reader may not see is not named).
SELECT r.id, r.code, r.name, r.district_code, d.name AS district_name, r.stage, r.stage_since, r.version,
       r.area_m2, r.ownership,
       CASE WHEN :geometry THEN ST_AsGeoJSON(r.geom, 6) END AS geometry,
       mp.id AS project_id, mp.code AS project_code
FROM reserve_land r
JOIN district d ON d.code = r.district_code
LEFT JOIN major_project_piece a ON a.reserve_land_id = r.id AND a.released_on IS NULL
LEFT JOIN major_project mp ON mp.id = a.project_id
WHERE (CAST(:stage AS text) IS NULL OR r.stage = :stage)
  AND (CAST(:district AS text) IS NULL OR r.district_code = :district)
ORDER BY
  CASE WHEN :sort = 'code' THEN r.code END ASC,
  CASE WHEN :sort = '-code' THEN r.code END DESC,
  CASE WHEN :sort = 'district' THEN r.district_code END ASC,
  CASE WHEN :sort = '-district' THEN r.district_code END DESC,
  CASE WHEN :sort = 'stage' THEN array_position(ARRAY['ACQUIRED', 'PREPARING', 'READY', 'SUPPLIED', 'STARTED'], r.stage) END ASC,
  CASE WHEN :sort = '-stage' THEN array_position(ARRAY['ACQUIRED', 'PREPARING', 'READY', 'SUPPLIED', 'STARTED'], r.stage) END DESC,
  CASE WHEN :sort = 'stageSince' THEN r.stage_since END ASC,
  CASE WHEN :sort = '-stageSince' THEN r.stage_since END DESC,
  CASE WHEN :sort = 'areaMu' THEN r.area_m2 END ASC,
  CASE WHEN :sort = '-areaMu' THEN r.area_m2 END DESC,
  r.id
LIMIT :limit
