-- The enterprises of a year with their indicators and grade under the active model (:model), as units
-- of GET /api/efficiency?level=enterprise; the conditions slot holds allow-listed conditions, values bound.
SELECT e.credit_code AS code, e.name, ee.land_mu AS area_mu, 1 AS enterprises, ee.parcels,
       ee.tax_per_mu, ee.output_per_mu, ee.value_added_per_mu, ee.investment_per_mu,
       ee.value_added_per_energy, ee.labour_productivity, ee.rd_share,
       eg.grade, eg.score, e.id AS enterprise_id, count(*) OVER () AS total
FROM enterprise_efficiency ee
JOIN enterprise e ON e.id = ee.enterprise_id
LEFT JOIN enterprise_grade eg ON eg.model_id = :model AND eg.enterprise_id = ee.enterprise_id
WHERE ee.year = :year /*conditions*/
ORDER BY e.credit_code
LIMIT :limit OFFSET :offset
