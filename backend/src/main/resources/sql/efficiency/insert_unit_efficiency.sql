-- The year's aggregates, ratios of sums: the city, districts, towns and clusters from their parcels
-- (area = the parcels' mu), industries from their enterprises (area = their land in mu). enterprises
-- counts the reporting enterprises with land in the unit (or of the industry), each once. A cluster's
-- district is the one holding most of its parcels' area (for the park assessment).
WITH pe AS MATERIALIZED (
  SELECT * FROM parcel_efficiency WHERE year = :year
), holder AS MATERIALIZED (
  SELECT l.enterprise_id, pe.district_code, pe.town_code, pe.cluster_id
  FROM pe
  JOIN parcel_enterprise l ON l.parcel_id = pe.parcel_id
  JOIN enterprise_efficiency ee ON ee.year = :year AND ee.enterprise_id = l.enterprise_id
), figures AS (
  SELECT 'city' AS level, 'city' AS code, count(*) AS parcels, sum(area_mu) AS area_mu, sum(tax) AS tax,
         sum(output) AS output, sum(value_added) AS value_added, sum(revenue) AS revenue,
         sum(investment) AS investment, sum(energy) AS energy, sum(emissions) AS emissions,
         sum(employees) AS employees, sum(rd) AS rd, sum(exports) AS exports
  FROM pe HAVING count(*) > 0
  UNION ALL
  SELECT 'district', district_code, count(*), sum(area_mu), sum(tax), sum(output), sum(value_added),
         sum(revenue), sum(investment), sum(energy), sum(emissions), sum(employees), sum(rd), sum(exports)
  FROM pe GROUP BY district_code
  UNION ALL
  SELECT 'town', town_code, count(*), sum(area_mu), sum(tax), sum(output), sum(value_added),
         sum(revenue), sum(investment), sum(energy), sum(emissions), sum(employees), sum(rd), sum(exports)
  FROM pe WHERE town_code IS NOT NULL GROUP BY town_code
  UNION ALL
  SELECT 'cluster', cluster_id::text, count(*), sum(area_mu), sum(tax), sum(output), sum(value_added),
         sum(revenue), sum(investment), sum(energy), sum(emissions), sum(employees), sum(rd), sum(exports)
  FROM pe WHERE cluster_id IS NOT NULL GROUP BY cluster_id
  UNION ALL
  SELECT 'industry', ee.industry_code, coalesce(max(lp.parcels), 0), sum(ee.land_mu), sum(ee.tax), sum(ee.output),
         sum(ee.value_added), sum(ee.revenue), sum(ee.investment), sum(ee.energy), sum(ee.emissions),
         sum(ee.employees), sum(ee.rd), sum(ee.exports)
  FROM enterprise_efficiency ee
  LEFT JOIN (SELECT e2.industry_code, count(DISTINCT l.parcel_id) AS parcels
             FROM enterprise_efficiency e2 JOIN parcel_enterprise l ON l.enterprise_id = e2.enterprise_id
             WHERE e2.year = :year GROUP BY e2.industry_code) lp ON lp.industry_code = ee.industry_code
  WHERE ee.year = :year
  GROUP BY ee.industry_code
), cluster_district AS (
  SELECT DISTINCT ON (cluster_id) cluster_id::text AS code, district_code
  FROM (SELECT cluster_id, district_code, sum(area_mu) AS mu FROM pe WHERE cluster_id IS NOT NULL
        GROUP BY cluster_id, district_code) s
  ORDER BY cluster_id, mu DESC, district_code
), counts AS (
  SELECT 'city' AS level, 'city' AS code, count(*) AS enterprises FROM enterprise_efficiency WHERE year = :year
  UNION ALL
  SELECT 'district', district_code, count(DISTINCT enterprise_id) FROM holder GROUP BY district_code
  UNION ALL
  SELECT 'town', town_code, count(DISTINCT enterprise_id) FROM holder WHERE town_code IS NOT NULL GROUP BY town_code
  UNION ALL
  SELECT 'cluster', cluster_id::text, count(DISTINCT enterprise_id) FROM holder WHERE cluster_id IS NOT NULL
  GROUP BY cluster_id
  UNION ALL
  SELECT 'industry', industry_code, count(*) FROM enterprise_efficiency WHERE year = :year GROUP BY industry_code
)
INSERT INTO unit_efficiency (year, level, code, name, district_code, area_mu, enterprises, parcels, tax, output,
                             value_added, revenue, investment, energy, emissions, employees, rd, exports)
SELECT :year, f.level, f.code,
       CASE f.level WHEN 'city' THEN '佛山市' WHEN 'district' THEN d.name WHEN 'town' THEN t.name
                    WHEN 'cluster' THEN c.name ELSE i.name END,
       CASE f.level WHEN 'district' THEN d.code WHEN 'town' THEN t.district_code
                    WHEN 'cluster' THEN cd.district_code END,
       f.area_mu, coalesce(n.enterprises, 0), f.parcels, f.tax, f.output, f.value_added, f.revenue,
       f.investment, f.energy, f.emissions, f.employees, f.rd, f.exports
FROM figures f
LEFT JOIN counts n ON n.level = f.level AND n.code = f.code
LEFT JOIN district d ON f.level = 'district' AND d.code = f.code
LEFT JOIN town t ON f.level = 'town' AND t.code = f.code
LEFT JOIN industrial_cluster c ON f.level = 'cluster' AND c.id::text = f.code
LEFT JOIN cluster_district cd ON f.level = 'cluster' AND cd.code = f.code
LEFT JOIN industry i ON f.level = 'industry' AND i.code = f.code
