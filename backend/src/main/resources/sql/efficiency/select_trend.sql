-- One indicator (an allow-listed column in place of the slot) of a unit over all years with indicators.
SELECT year, /*indicator*/ AS value
FROM unit_efficiency
WHERE level = :level AND code = :code
ORDER BY year
