-- A choropleth of one indicator by parcel inside a bounding box: the parcels of the year that have
-- indicators, with their value and grade under the active model (:model), as GeoJSON features.
SELECT p.id, ST_AsGeoJSON(p.geom, 7) AS geometry,
       json_build_object('code', p.code, 'name', p.code,
         'value', CASE :indicator WHEN 'taxPerMu' THEN pe.tax_per_mu WHEN 'outputPerMu' THEN pe.output_per_mu
           WHEN 'valueAddedPerMu' THEN pe.value_added_per_mu WHEN 'investmentPerMu' THEN pe.investment_per_mu
           WHEN 'valueAddedPerEnergy' THEN pe.value_added_per_energy
           WHEN 'labourProductivity' THEN pe.labour_productivity WHEN 'rdShare' THEN pe.rd_share END,
         'grade', pg.grade)::text AS properties
FROM parcel p
JOIN parcel_efficiency pe ON pe.year = :year AND pe.parcel_id = p.id
LEFT JOIN parcel_grade pg ON pg.model_id = :model AND pg.parcel_id = p.id
WHERE p.geom && ST_MakeEnvelope(:west, :south, :east, :north, 4490)
ORDER BY p.id
LIMIT :limit OFFSET 0
