-- The reserve pieces assigned to a project now (released ones with :released), with their shapes
-- (GeoJSON, EPSG:4490, 6 decimals) when :geometry is true; by code.
SELECT a.id AS assignment_id, r.id, r.code, r.name, r.stage, r.stage_since, r.area_m2, r.version,
       a.assigned_on, a.assigned_by, a.released_on, a.released_by, a.supplied_on,
       CASE WHEN :geometry THEN ST_AsGeoJSON(r.geom, 6) END AS geometry
FROM major_project_piece a
JOIN reserve_land r ON r.id = a.reserve_land_id
WHERE a.project_id = :project
  AND (:released OR a.released_on IS NULL)
ORDER BY a.released_on DESC NULLS FIRST, r.code, a.id
LIMIT 1000
