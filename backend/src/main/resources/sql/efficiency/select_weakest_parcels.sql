-- The 10 parcels of a district or cluster with the lowest tax per mu in a year (those with figures).
SELECT p.id, p.code, pe.area_mu, pe.tax_per_mu, pe.output_per_mu, pe.industry_code, pg.grade
FROM parcel_efficiency pe
JOIN parcel p ON p.id = pe.parcel_id
LEFT JOIN parcel_grade pg ON pg.model_id = :model AND pg.parcel_id = pe.parcel_id
WHERE pe.year = :year
  AND (CAST(:district AS text) IS NULL OR pe.district_code = :district)
  AND (CAST(:cluster AS bigint) IS NULL OR pe.cluster_id = :cluster)
ORDER BY pe.tax_per_mu, p.code
LIMIT 10
