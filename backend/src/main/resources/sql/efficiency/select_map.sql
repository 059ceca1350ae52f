-- A choropleth of one indicator: districts or clusters of a year with the indicator's value (ratio of
-- sums) as a GeoJSON FeatureCollection.
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
         'type', 'Feature', 'id', f.code, 'geometry', ST_AsGeoJSON(f.geom, 6)::json,
         'properties', json_build_object('code', f.code, 'name', f.name, 'value', f.value))
         ORDER BY length(f.code), f.code), '[]'))::text
FROM (
  SELECT u.code, u.name, g.geom,
         CASE :indicator WHEN 'taxPerMu' THEN u.tax_per_mu WHEN 'outputPerMu' THEN u.output_per_mu
           WHEN 'valueAddedPerMu' THEN u.value_added_per_mu WHEN 'investmentPerMu' THEN u.investment_per_mu
           WHEN 'valueAddedPerEnergy' THEN u.value_added_per_energy
           WHEN 'labourProductivity' THEN u.labour_productivity WHEN 'rdShare' THEN u.rd_share END AS value
  FROM unit_efficiency u
  JOIN LATERAL (SELECT d.geom FROM district d WHERE u.level = 'district' AND d.code = u.code
                UNION ALL
                SELECT c.geom FROM industrial_cluster c WHERE u.level = 'cluster' AND c.id::text = u.code) g ON true
  WHERE u.year = :year AND u.level = :level
) f
