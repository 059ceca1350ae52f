-- The grade counts of every unit of the year under the model :model: the enterprises of the unit (the
-- reporting enterprises with land in it, or of the industry, each once) by their grade.
WITH g AS MATERIALIZED (
  SELECT ee.enterprise_id, ee.industry_code, eg.grade
  FROM enterprise_efficiency ee
  LEFT JOIN enterprise_grade eg ON eg.model_id = :model AND eg.enterprise_id = ee.enterprise_id
  WHERE ee.year = :year
), holder AS MATERIALIZED (
  SELECT DISTINCT l.enterprise_id, pe.district_code, pe.town_code, pe.cluster_id
  FROM parcel_efficiency pe
  JOIN parcel_enterprise l ON l.parcel_id = pe.parcel_id
  WHERE pe.year = :year
), unit_of AS (
  SELECT 'city' AS level, 'city' AS code, enterprise_id, grade FROM g
  UNION ALL
  SELECT 'industry', industry_code, enterprise_id, grade FROM g
  UNION ALL
  SELECT DISTINCT 'district', h.district_code::text, g.enterprise_id, g.grade FROM holder h JOIN g USING (enterprise_id)
  UNION ALL
  SELECT DISTINCT 'town', h.town_code::text, g.enterprise_id, g.grade FROM holder h JOIN g USING (enterprise_id)
  WHERE h.town_code IS NOT NULL
  UNION ALL
  SELECT DISTINCT 'cluster', h.cluster_id::text, g.enterprise_id, g.grade FROM holder h JOIN g USING (enterprise_id)
  WHERE h.cluster_id IS NOT NULL
), counts AS MATERIALIZED (
  SELECT level, code, count(*) FILTER (WHERE grade = 'A') AS a, count(*) FILTER (WHERE grade = 'B') AS b,
         count(*) FILTER (WHERE grade = 'C') AS c, count(*) FILTER (WHERE grade = 'D') AS d,
         count(*) FILTER (WHERE grade IS NULL) AS ungraded
  FROM unit_of GROUP BY level, code
), cleared AS (
  -- units without any enterprise of the year: no grades
  UPDATE unit_efficiency u
  SET grades_a = 0, grades_b = 0, grades_c = 0, grades_d = 0, ungraded = 0
  WHERE u.year = :year AND NOT EXISTS (SELECT 1 FROM counts c WHERE c.level = u.level AND c.code = u.code)
)
UPDATE unit_efficiency u
SET grades_a = c.a, grades_b = c.b, grades_c = c.c, grades_d = c.d, ungraded = c.ungraded
FROM counts c
WHERE u.year = :year AND u.level = c.level AND u.code = c.code
