-- The 10 enterprises with the highest tax per mu among those with land in a district or cluster.
SELECT e.credit_code, e.name, ee.industry_code, ee.land_mu, ee.tax_per_mu, ee.output_per_mu, eg.grade
FROM enterprise_efficiency ee
JOIN enterprise e ON e.id = ee.enterprise_id
LEFT JOIN enterprise_grade eg ON eg.model_id = :model AND eg.enterprise_id = ee.enterprise_id
WHERE ee.year = :year AND ee.tax_per_mu IS NOT NULL
  AND EXISTS (SELECT 1 FROM parcel_enterprise l JOIN parcel_efficiency pe ON pe.parcel_id = l.parcel_id AND pe.year = :year
              WHERE l.enterprise_id = ee.enterprise_id
                AND (CAST(:district AS text) IS NULL OR pe.district_code = :district)
                AND (CAST(:cluster AS bigint) IS NULL OR pe.cluster_id = :cluster))
ORDER BY ee.tax_per_mu DESC, e.credit_code
LIMIT 10
