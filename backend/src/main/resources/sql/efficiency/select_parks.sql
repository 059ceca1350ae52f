-- The park assessment of clusters (all, or :cluster) in :years, one row per cluster, year and district
-- the cluster has land or figures in (its part there), with the cluster's own figures repeated on each.
-- 工业集中度, output reading: the park's output ÷ the industrial output of the area it lies in, both
-- from the reporting parcels. In a district, the part's output ÷ the district's; for the park, its
-- output ÷ the output of the districts it spans (:denominator = 'DISTRICT') or of the city ('CITY').
-- A parcel lies wholly in one district, so a park across two districts splits its output by the land
-- of its parcels in each, and a district's parks together never exceed 100 %.
-- Land reading: the industrial land (parcels and village parks, ellipsoidal) of the park ÷ all
-- industrial land of the same area, and the red line's share of it.
-- The leading industry is the one with the largest output in the park (each enterprise's output
-- allocated to the park's parcels by mu × floor share); 产业集聚度 = its output ÷ the park's output.
-- The output per industry of a recomputed year is kept (V55, cluster_industry_output).
-- Investment and tax per mu, sales revenue, export earnings (出口创汇), employees (allocated like the
-- figures, so fractional).
WITH park AS (
  SELECT u.* FROM unit_efficiency u
  WHERE u.level = 'cluster' AND u.year = ANY(:years) AND (CAST(:cluster AS text) IS NULL OR u.code = :cluster)
), by_industry AS (
  -- a recomputed year's output per industry is kept (V55: by the recompute, and made again for the
  -- clusters of the parcels whose holders change); a year whose figures were written since is not,
  -- and is summed here from the figures
  SELECT k.year, k.cluster_id, k.industry_code, k.output
  FROM cluster_industry_output k
  WHERE k.year = ANY(:years) AND (CAST(:cluster AS text) IS NULL OR k.cluster_id = CAST(:cluster AS bigint))
  UNION ALL
  SELECT pe.year, pe.cluster_id, ee.industry_code,
         sum(ee.output * pe.area_mu * l.floor_area_share / ee.land_mu) AS output
  FROM parcel_efficiency pe
  JOIN parcel_enterprise l ON l.parcel_id = pe.parcel_id
  JOIN enterprise_efficiency ee ON ee.year = pe.year AND ee.enterprise_id = l.enterprise_id
  WHERE pe.year = ANY(:years) AND pe.cluster_id IS NOT NULL
    AND (CAST(:cluster AS text) IS NULL OR pe.cluster_id = CAST(:cluster AS bigint))
    AND pe.year NOT IN (SELECT year FROM efficiency_summary_kept)
    -- read only when a year asked for is not kept: an uncorrelated condition, planned as a one-time
    -- filter, so a request for kept years reads no figures (with the row filter above alone it
    -- scanned the cluster's figures of every year: one cluster's assessment at a million parcels
    -- took 37-45 ms, with this 13 ms)
    AND EXISTS (SELECT 1 FROM unnest(:years) AS asked(year)
                WHERE asked.year NOT IN (SELECT year FROM efficiency_summary_kept))
  GROUP BY pe.year, pe.cluster_id, ee.industry_code
), top_industry AS (
  SELECT DISTINCT ON (year, cluster_id) year, cluster_id, industry_code, output
  FROM by_industry
  ORDER BY year, cluster_id, output DESC, industry_code
), area AS (
  -- each district (and the city) of each year: its output and its industrial land
  SELECT year, district_code, sum(output) AS output, sum(parcel_m2 + village_park_m2) AS land_m2
  FROM cluster_district_efficiency WHERE year = ANY(:years)
  GROUP BY GROUPING SETS ((year, district_code), (year))
), part AS (
  SELECT cd.year, cd.cluster_id, cd.district_code, cd.output, cd.parcel_m2 + cd.village_park_m2 AS land_m2,
         cd.red_line_m2 + cd.village_park_red_line_m2 AS red_line_m2,
         a.output AS district_output, a.land_m2 AS district_land_m2
  FROM cluster_district_efficiency cd
  JOIN area a ON a.year = cd.year AND a.district_code = cd.district_code
  WHERE cd.year = ANY(:years) AND cd.cluster_id IS NOT NULL
    AND (CAST(:cluster AS text) IS NULL OR cd.cluster_id = CAST(:cluster AS bigint))
), whole AS (
  SELECT year, cluster_id, sum(output) AS output, sum(district_output) AS districts_output,
         sum(land_m2) AS land_m2, sum(district_land_m2) AS districts_land_m2, sum(red_line_m2) AS red_line_m2
  FROM part GROUP BY year, cluster_id
)
SELECT park.year, park.code::bigint AS cluster_id, park.name, park.district_code, park.area_mu, park.output,
       coalesce(whole.output, park.output)
         / nullif(CASE WHEN :denominator = 'CITY' THEN city.output ELSE whole.districts_output END, 0)
         AS industrial_concentration,
       whole.land_m2 / nullif(CASE WHEN :denominator = 'CITY' THEN city.land_m2 ELSE whole.districts_land_m2 END, 0)
         AS land_concentration,
       whole.land_m2 / (10000.0 / 15) AS land_mu,
       whole.red_line_m2 / nullif(whole.land_m2, 0) AS red_line_share,
       top_industry.industry_code AS leading_industry, i.name AS leading_industry_name,
       top_industry.output / nullif(park.output, 0) AS industry_agglomeration,
       park.investment_per_mu, park.tax_per_mu, park.tax, park.revenue, park.exports, park.employees,
       part.district_code AS part_district, d.name AS part_district_name, part.output AS part_output,
       part.output / nullif(part.district_output, 0) AS part_industrial_concentration,
       part.land_m2 / (10000.0 / 15) AS part_land_mu,
       part.land_m2 / nullif(part.district_land_m2, 0) AS part_land_concentration
FROM park
LEFT JOIN area city ON city.year = park.year AND city.district_code IS NULL
LEFT JOIN whole ON whole.year = park.year AND whole.cluster_id = park.code::bigint
LEFT JOIN part ON part.year = park.year AND part.cluster_id = park.code::bigint
LEFT JOIN district d ON d.code = part.district_code
LEFT JOIN top_industry ON top_industry.year = park.year AND top_industry.cluster_id = park.code::bigint
LEFT JOIN industry i ON i.code = top_industry.industry_code
ORDER BY park.code::bigint, park.year, part.district_code
