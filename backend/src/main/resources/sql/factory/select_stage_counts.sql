-- How many buildings are in each stage, of one district or all: the pipeline above the list, and
-- the list's total.
SELECT f.stage, count(*) AS buildings
FROM factory_building f
JOIN factory_building_context c ON c.factory_building_id = f.id
WHERE CAST(:district AS text) IS NULL OR c.district_code = :district
GROUP BY f.stage
