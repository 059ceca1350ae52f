-- The annual plan report: one row per park of the year's plans, with its plan and progress.
SELECT p.year, d.name AS district, p.batch, p.name AS plan, p.document_number,
       p.target_demolish_mu, p.target_floor_area_m2,
       v.code, v.name, v.owner_village, v.renovation_type, v.status, v.status_since, v.modern_park,
       round((v.area_m2 / (10000.0 / 15))::numeric, 2) AS area_mu,
       v.floor_area_before_m2, v.plot_ratio_before, v.enterprises_before,
       round(v.demolished_area_m2 / (10000.0 / 15), 2) AS demolished_mu,
       v.new_floor_area_m2, v.plot_ratio_after, v.enterprises_after
FROM renovation_plan p
JOIN district d ON d.code = p.district_code
JOIN renovation_plan_park pp ON pp.plan_id = p.id
JOIN village_park v ON v.id = pp.village_park_id
WHERE p.year = :year AND (CAST(:district AS text) IS NULL OR p.district_code = :district)
ORDER BY p.district_code, p.batch, v.code
