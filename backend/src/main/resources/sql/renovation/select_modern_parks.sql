-- The projects becoming modern industrial parks of over 1,000 mu, each with its status and plan.
SELECT v.id, v.code, v.name, v.district_code, v.status, v.status_since, v.plan_year, v.area_m2,
       v.demolished_area_m2::float8 AS demolished_m2, v.new_floor_area_m2::float8 AS built_m2,
       v.plot_ratio_after::float8 AS plot_ratio_after,
       EXISTS (SELECT 1 FROM renovation_plan_park pp WHERE pp.village_park_id = v.id AND pp.year = :year) AS in_plan
FROM village_park v
WHERE v.modern_park
ORDER BY v.district_code, v.code
