-- How many village parks match the filters of select_parks.sql.
SELECT count(*)
FROM village_park v
WHERE (CAST(:district AS text) IS NULL OR v.district_code = :district)
  AND (CAST(:status AS text) IS NULL OR v.status = :status)
  AND (CAST(:type AS text) IS NULL OR v.renovation_type = :type
       OR (:type = 'NONE' AND v.renovation_type IS NULL))
  AND (CAST(:q AS text) IS NULL OR strpos(lower(v.name), lower(:q)) > 0
       OR strpos(lower(v.code), lower(:q)) > 0 OR strpos(lower(v.owner_village), lower(:q)) > 0)
  AND (CAST(:plan AS bigint) IS NULL
       OR EXISTS (SELECT 1 FROM renovation_plan_park pp WHERE pp.plan_id = :plan AND pp.village_park_id = v.id))
