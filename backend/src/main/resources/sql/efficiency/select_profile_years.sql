-- An enterprise's figures per year (enterprise_efficiency: its land = Σ parcel mu × floor-area
-- share, ratios of sums), newest first, at most :limit years, each with its grade under the year's
-- active model. Read per year through the primary key (year, enterprise_id), never by scanning a
-- year's rows; row-level security (V39) leaves out what the reader's figure scope does not cover.
SELECT y.year, ee.land_mu, ee.parcels, ee.tax, ee.output, ee.value_added, ee.revenue, ee.investment,
       ee.energy, ee.employees, ee.rd, ee.tax_per_mu, ee.output_per_mu, ee.value_added_per_mu,
       ee.investment_per_mu, ee.value_added_per_energy, ee.labour_productivity, ee.rd_share,
       m.id AS model_id, m.version AS model_version, g.grade, g.score, g.not_graded
FROM (SELECT DISTINCT year FROM unit_efficiency WHERE level = 'city' ORDER BY year DESC LIMIT :limit) y
JOIN enterprise_efficiency ee ON ee.year = y.year AND ee.enterprise_id = :enterprise
LEFT JOIN grading_model m ON m.year = y.year AND m.active
LEFT JOIN enterprise_grade g ON g.model_id = m.id AND g.enterprise_id = :enterprise
ORDER BY y.year DESC
