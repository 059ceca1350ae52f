-- The park assessment of clusters (all, or :cluster) in :years: area, output, 工业集中度 (the park's
-- output ÷ the industrial output of its district, or of the city when :denominator = 'CITY'; the
-- output of all reporting parcels in either), the leading industry (the industry with the largest
-- output in the park, each enterprise's output allocated to the park's parcels by mu × floor share)
-- and 产业集聚度 (the leading industry's output ÷ the park's output), investment per mu, tax per mu,
-- employees (allocated like the figures, so fractional).
WITH park AS (
  SELECT u.* FROM unit_efficiency u
  WHERE u.level = 'cluster' AND u.year = ANY(:years) AND (CAST(:cluster AS text) IS NULL OR u.code = :cluster)
), by_industry AS (
  SELECT pe.year, pe.cluster_id, ee.industry_code,
         sum(ee.output * pe.area_mu * l.floor_area_share / ee.land_mu) AS output
  FROM parcel_efficiency pe
  JOIN parcel_enterprise l ON l.parcel_id = pe.parcel_id
  JOIN enterprise_efficiency ee ON ee.year = pe.year AND ee.enterprise_id = l.enterprise_id
  WHERE pe.year = ANY(:years) AND pe.cluster_id IS NOT NULL
    AND (CAST(:cluster AS text) IS NULL OR pe.cluster_id = CAST(:cluster AS bigint))
  GROUP BY pe.year, pe.cluster_id, ee.industry_code
), top_industry AS (
  SELECT DISTINCT ON (year, cluster_id) year, cluster_id, industry_code, output
  FROM by_industry
  ORDER BY year, cluster_id, output DESC, industry_code
)
SELECT park.year, park.code::bigint AS cluster_id, park.name, park.district_code, park.area_mu, park.output,
       park.output / nullif(CASE WHEN :denominator = 'CITY' THEN city.output ELSE d.output END, 0)
         AS industrial_concentration,
       top_industry.industry_code AS leading_industry, i.name AS leading_industry_name,
       top_industry.output / nullif(park.output, 0) AS industry_agglomeration,
       park.investment_per_mu, park.tax_per_mu, park.employees
FROM park
LEFT JOIN unit_efficiency d ON d.year = park.year AND d.level = 'district' AND d.code = park.district_code
LEFT JOIN unit_efficiency city ON city.year = park.year AND city.level = 'city'
LEFT JOIN top_industry ON top_industry.year = park.year AND top_industry.cluster_id = park.code::bigint
LEFT JOIN industry i ON i.code = top_industry.industry_code
ORDER BY park.code::bigint, park.year
