-- A unit's indicators and grade counts in every year with indicators (the trend of the summary).
SELECT year, code, name, area_mu, enterprises, parcels, tax_per_mu, output_per_mu,
       value_added_per_mu, investment_per_mu, value_added_per_energy,
       labour_productivity, rd_share, grades_a, grades_b, grades_c, grades_d,
       ungraded
FROM unit_efficiency
WHERE level = :level AND code = :code
ORDER BY year
