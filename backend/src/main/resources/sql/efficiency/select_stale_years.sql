-- The years to compute at start: with figures but no indicators yet, or whose indicators name
-- parcels or enterprises no longer there (a demo city loaded again). Recompute.staleYears leaves out
-- a year whose active model's grades are published (select_year_published.sql; V32: they are not
-- recomputed).
SELECT y.year
FROM (SELECT DISTINCT year FROM annual_indicator) y
WHERE NOT EXISTS (SELECT 1 FROM unit_efficiency u WHERE u.year = y.year AND u.level = 'city')
   OR EXISTS (SELECT 1 FROM parcel_efficiency pe WHERE pe.year = y.year
              AND NOT EXISTS (SELECT 1 FROM parcel p WHERE p.id = pe.parcel_id))
   OR EXISTS (SELECT 1 FROM enterprise_efficiency ee WHERE ee.year = y.year
              AND NOT EXISTS (SELECT 1 FROM enterprise e WHERE e.id = ee.enterprise_id))
ORDER BY y.year
