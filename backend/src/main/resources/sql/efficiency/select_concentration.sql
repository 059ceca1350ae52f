-- 工业集中度 of each district and of the city in :years, both readings. Output: the output of the
-- reporting parcels in the clusters ÷ that of all reporting parcels. Land: the industrial land
-- (parcels and village parks, ellipsoidal) in the clusters ÷ all industrial land, and in the red line
-- ÷ all industrial land. Land in mu; the city is the row without a district.
SELECT cd.year, cd.district_code, coalesce(d.name, '佛山市') AS name,
       sum(cd.output) FILTER (WHERE cd.cluster_id IS NOT NULL) AS output_in_clusters,
       sum(cd.output) AS output,
       sum(cd.output) FILTER (WHERE cd.cluster_id IS NOT NULL) / nullif(sum(cd.output), 0) AS industrial_concentration,
       coalesce(sum(cd.parcel_m2 + cd.village_park_m2) FILTER (WHERE cd.cluster_id IS NOT NULL), 0) / (10000.0 / 15)
         AS land_in_clusters_mu,
       sum(cd.red_line_m2 + cd.village_park_red_line_m2) / (10000.0 / 15) AS land_in_red_line_mu,
       sum(cd.parcel_m2 + cd.village_park_m2) / (10000.0 / 15) AS land_mu,
       sum(cd.village_park_m2) / (10000.0 / 15) AS village_park_mu,
       coalesce(sum(cd.parcel_m2 + cd.village_park_m2) FILTER (WHERE cd.cluster_id IS NOT NULL), 0)
         / nullif(sum(cd.parcel_m2 + cd.village_park_m2), 0) AS land_concentration,
       sum(cd.red_line_m2 + cd.village_park_red_line_m2) / nullif(sum(cd.parcel_m2 + cd.village_park_m2), 0)
         AS red_line_concentration
FROM cluster_district_efficiency cd
LEFT JOIN district d ON d.code = cd.district_code
WHERE cd.year = ANY(:years)
GROUP BY GROUPING SETS ((cd.year, cd.district_code, d.name), (cd.year))
ORDER BY cd.year, cd.district_code NULLS LAST
