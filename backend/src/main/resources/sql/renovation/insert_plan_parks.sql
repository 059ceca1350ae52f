-- The plan's parks; unknown ids are left out here and reported by the caller.
INSERT INTO renovation_plan_park (plan_id, year, district_code, village_park_id)
SELECT p.id, p.year, p.district_code, v.id
FROM renovation_plan p
JOIN village_park v ON v.id = ANY (CAST(:parks AS bigint[]))
WHERE p.id = :id
