-- Alerts on the commercial factory buildings of a district (or all), a page of them and their counts:
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
-- What no threshold changes comes from factory_alert_figure, which the database keeps per building
-- (V57: its district, agreement, highest sale price and rent, empty share, non-industrial units),
-- the medians of each district and kind from factory_median (V55), the output per year from
-- factory_building_output (V27): the query reads one narrow row per building, and the units of the
-- page's SPECULATION alerts only (to count those above the limit).
-- The answer: the alerts :offset to :offset + :limit (all when :limit is null) in the order of
-- district, rule, building code, kind (part 'alert'), then the number of every alert per district
-- and rule (part 'count', in units), in that order.
WITH f AS NOT MATERIALIZED (
  -- (inlined in each rule's part: each reads its alerts by its index where that is cheaper)
  SELECT a.*
  FROM factory_alert_figure a
  -- the medians are the district's own, so a district's alerts need only its buildings
  WHERE (CAST(:district AS text) IS NULL OR a.district_code = :district)
    -- the buildings alerted on: all of them, or the one asked for (:building)
    AND (CAST(:building AS bigint) IS NULL OR a.factory_building_id = :building)
), alert AS (
  -- (units: of SPECULATION, counted below for the page's alerts only)
  SELECT 'SPECULATION' AS rule, f.district_code, f.factory_building_id AS id, f.code, f.name, f.stage,
         NULL::bigint AS units, 'SALE' AS kind, f.sale_max AS value, m.median * (1 + :over_median) AS limit_value,
         m.median AS reference
  FROM factory_median m
  JOIN f ON f.district_code = m.district_code AND f.sale_max > m.median * (1 + :over_median)
  WHERE m.kind = 'SALE'
  UNION ALL
  SELECT 'SPECULATION', f.district_code, f.factory_building_id, f.code, f.name, f.stage, NULL, 'RENT',
         f.rent_max, m.median * (1 + :over_median), m.median
  FROM factory_median m
  JOIN f ON f.district_code = m.district_code AND f.rent_max > m.median * (1 + :over_median)
  WHERE m.kind = 'RENT'
  UNION ALL
  SELECT 'VACANCY', f.district_code, f.factory_building_id, f.code, f.name, f.stage, 0, NULL, f.vacancy,
         :vacancy_max, NULL
  FROM f
  WHERE f.in_use AND f.vacancy > :vacancy_max
  UNION ALL
  SELECT 'NON_INDUSTRIAL', f.district_code, f.factory_building_id, f.code, f.name, f.stage,
         f.non_industrial, NULL, f.non_industrial_m2, NULL, NULL
  FROM f
  WHERE f.non_industrial > 0
  UNION ALL
  SELECT 'OUTPUT_BELOW_AGREEMENT', f.district_code, f.factory_building_id, f.code, f.name, f.stage, 0,
         NULL, coalesce(o.output_per_mu, 0), f.agreement_output_per_mu::float8, NULL
  FROM f
  LEFT JOIN factory_building_output o ON o.year = :year AND o.factory_building_id = f.factory_building_id
  WHERE f.in_use
    AND f.agreement_output_per_mu IS NOT NULL
    AND coalesce(o.output_per_mu, 0) < f.agreement_output_per_mu
    -- only where the reader reads the parcels' figures (V39): elsewhere the output is not missing, it
    -- is not theirs to read
    AND ((SELECT figures_everywhere()) OR f.district_code = (SELECT figures_district()))
), page AS (
  SELECT * FROM alert ORDER BY district_code, rule, code, kind, id
  LIMIT CAST(:limit AS integer) OFFSET :offset
)
SELECT 'alert' AS part, rule, district_code, id, code, name, stage,
       coalesce(units, (SELECT count(*) FROM factory_unit u
                        WHERE u.factory_building_id = page.id
                          AND (u.deal = 'SOLD') = (page.kind = 'SALE')
                          AND coalesce(u.price_cny_m2, u.rent_cny_m2_month)::float8 > page.limit_value))
         AS units,
       kind, value, limit_value, reference
FROM page
UNION ALL
SELECT 'count', rule, district_code, NULL, NULL, NULL, NULL, count(*), NULL, NULL, NULL, NULL
FROM alert
GROUP BY district_code, rule
ORDER BY part, district_code, rule, code, kind, id
