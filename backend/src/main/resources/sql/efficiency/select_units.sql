-- The units of a level (city, district, town, cluster, industry) in a year, sorted by code (cluster
-- ids numerically); a district filter keeps the district, its towns and the clusters mostly in it.
SELECT code, name, area_mu, enterprises, parcels, tax_per_mu, output_per_mu, value_added_per_mu,
       investment_per_mu, value_added_per_energy, labour_productivity, rd_share,
       grades_a, grades_b, grades_c, grades_d, ungraded
FROM unit_efficiency
WHERE year = :year AND level = :level
  AND (CAST(:district AS text) IS NULL OR level IN ('city', 'industry') OR district_code = :district)
  AND (CAST(:cluster AS text) IS NULL OR level <> 'cluster' OR code = :cluster)
ORDER BY length(code), code
