-- Alerts on the commercial factory buildings of a district (or all):
--   SPECULATION     prices (sale, CNY/m²) or rents (CNY/m²/month), asked by the building or paid for
--                   its units, above (1 + :over_median) × the district's median of their kind: one
--                   alert per building and kind, with the highest and the number of units above;
--   VACANCY         a building in use (OPERATION, ASSESSMENT) with more than :vacancy_max of its floor
--                   area neither sold nor leased;
--   NON_INDUSTRIAL  units sold or leased to non-industrial occupants (their number and floor area);
--   OUTPUT_BELOW_AGREEMENT  a building in use whose parcel's output per mu in :year is below its
--                   supervision agreement: the parcel's figures as the efficiency capability computed
--                   them for the year (parcel_efficiency: each enterprise's output in proportion to
--                   its land there; a parcel without figures counts as no output); only in the
--                   districts whose figures the reader reads (V39 figure_read_scope).
-- The building's district, agreement and output per year come from factory_building_context and
-- factory_building_output, which the database keeps from the parcels, agreements and parcel figures
-- (V27), and the medians of each district and kind from factory_median, which it keeps from the
-- buildings and units (V55): the query reads no table of a million rows and sorts no prices.
WITH b AS (
  SELECT f.id, f.code, f.name, f.stage, f.floor_area_m2::float8 AS floor_m2,
         (f.sold_area_m2 + f.leased_area_m2)::float8 AS taken_m2,
         f.sale_price_cny_m2::float8 AS price, f.rent_cny_m2_month::float8 AS rent,
         c.district_code, c.agreement_output_per_mu
  FROM factory_building f
  JOIN factory_building_context c ON c.factory_building_id = f.id
  -- the medians are the district's own, so a district's alerts need only its buildings
  WHERE CAST(:district AS text) IS NULL OR c.district_code = :district
), obs AS (
  SELECT b.district_code, b.id, NULL::bigint AS unit_id, NULL::text AS unit_no, 'SALE' AS kind, b.price AS v
  FROM b WHERE b.price IS NOT NULL
  UNION ALL
  SELECT b.district_code, b.id, NULL, NULL, 'RENT', b.rent FROM b WHERE b.rent IS NOT NULL
  UNION ALL
  SELECT b.district_code, b.id, u.id, u.unit_no, CASE u.deal WHEN 'SOLD' THEN 'SALE' ELSE 'RENT' END,
         coalesce(u.price_cny_m2, u.rent_cny_m2_month)::float8
  FROM b JOIN factory_unit u ON u.factory_building_id = b.id
), median AS (
  SELECT district_code, kind, median AS m FROM factory_median
), mine AS (
  -- the buildings alerted on: all of them, or the one asked for (:building)
  SELECT * FROM b WHERE CAST(:building AS bigint) IS NULL OR b.id = :building
), used AS (
  SELECT * FROM mine WHERE stage IN ('OPERATION', 'ASSESSMENT')
)
SELECT 'SPECULATION' AS rule, mine.district_code, mine.id, mine.code, mine.name, mine.stage,
       count(o.unit_id) AS units, o.kind, max(o.v) AS value, md.m * (1 + :over_median) AS limit_value,
       md.m AS reference
FROM obs o
JOIN mine ON mine.id = o.id
JOIN median md ON md.district_code = o.district_code AND md.kind = o.kind
WHERE o.v > md.m * (1 + :over_median)
GROUP BY mine.district_code, mine.id, mine.code, mine.name, mine.stage, o.kind, md.m
UNION ALL
SELECT 'VACANCY', u.district_code, u.id, u.code, u.name, u.stage, 0, NULL,
       1 - u.taken_m2 / u.floor_m2, :vacancy_max, NULL
FROM used u
WHERE 1 - u.taken_m2 / u.floor_m2 > :vacancy_max
UNION ALL
SELECT 'NON_INDUSTRIAL', mine.district_code, mine.id, mine.code, mine.name, mine.stage, count(*), NULL,
       sum(fu.floor_area_m2)::float8, NULL, NULL
FROM mine JOIN factory_unit fu ON fu.factory_building_id = mine.id
WHERE NOT fu.occupant_industrial
GROUP BY mine.district_code, mine.id, mine.code, mine.name, mine.stage
UNION ALL
SELECT 'OUTPUT_BELOW_AGREEMENT', u.district_code, u.id, u.code, u.name, u.stage, 0, NULL,
       coalesce(o.output_per_mu, 0), u.agreement_output_per_mu::float8, NULL
FROM used u
LEFT JOIN factory_building_output o ON o.year = :year AND o.factory_building_id = u.id
WHERE u.agreement_output_per_mu IS NOT NULL
  AND coalesce(o.output_per_mu, 0) < u.agreement_output_per_mu
  -- only where the reader reads the parcels' figures (V39): elsewhere the output is not missing, it
  -- is not theirs to read
  AND ((SELECT figures_everywhere()) OR u.district_code = (SELECT figures_district()))
ORDER BY 2, 1, 4, 8
