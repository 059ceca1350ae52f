-- A page of the village parks, filtered by district, status, renovation type (NONE: not typed yet),
-- plan, and a piece of the name, code or owner village; ordered by district and code; with the
-- years of the plans each park is in. (count_parks.sql counts the same rows.)
SELECT v.id, v.code, v.name, v.district_code, d.name AS district_name, t.name AS town_name,
       v.owner_village, v.renovation_type, v.status, v.status_since, v.plan_year, v.target_use,
       v.modern_park, v.area_m2, v.version,
       v.floor_area_before_m2, v.plot_ratio_before, v.enterprises_before,
       v.demolished_area_m2, v.new_floor_area_m2, v.plot_ratio_after, v.enterprises_after,
       ARRAY(SELECT pp.year FROM renovation_plan_park pp WHERE pp.village_park_id = v.id ORDER BY pp.year)
         AS plan_years
FROM village_park v
JOIN district d ON d.code = v.district_code
LEFT JOIN town t ON t.code = v.town_code
WHERE (CAST(:district AS text) IS NULL OR v.district_code = :district)
  AND (CAST(:status AS text) IS NULL OR v.status = :status)
  AND (CAST(:type AS text) IS NULL OR v.renovation_type = :type
       OR (:type = 'NONE' AND v.renovation_type IS NULL))
  AND (CAST(:q AS text) IS NULL OR strpos(lower(v.name), lower(:q)) > 0
       OR strpos(lower(v.code), lower(:q)) > 0 OR strpos(lower(v.owner_village), lower(:q)) > 0)
  AND (CAST(:plan AS bigint) IS NULL
       OR EXISTS (SELECT 1 FROM renovation_plan_park pp WHERE pp.plan_id = :plan AND pp.village_park_id = v.id))
ORDER BY v.district_code, v.code
LIMIT :limit OFFSET :offset
