-- A park as the transition check needs it.
SELECT id, code, district_code, status, status_since, version, renovation_type, plan_year,
       demolished_area_m2, new_floor_area_m2, plot_ratio_after, enterprises_after, target_use
FROM village_park
WHERE id = :id
