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
-- The building's district, agreement and output per year come from factory_building_context and
-- factory_building_output, which the database keeps from the parcels, agreements and parcel figures
-- (V27), and the medians of each district and kind from factory_median, which it keeps from the
-- buildings and units (V55): the query reads no table of a million rows and sorts no prices.
-- The answer: the alerts :offset to :offset + :limit (all when :limit is null) in the order of
-- district, rule, building code, kind (part 'alert'), then the number of every alert per district
-- and rule (part 'count', in units), in that order.
WITH b AS MATERIALIZED (
  SELECT f.id, f.code, f.name, f.stage, f.floor_area_m2::float8 AS floor_m2,
         (f.sold_area_m2 + f.leased_area_m2)::float8 AS taken_m2,
         f.sale_price_cny_m2::float8 AS price, f.rent_cny_m2_month::float8 AS rent,
         c.district_code, c.agreement_output_per_mu, md_sale.median AS sale_median,
         md_rent.median AS rent_median
  FROM factory_building f
  JOIN factory_building_context c ON c.factory_building_id = f.id
  -- the medians are the district's own, so a district's alerts need only its buildings
  LEFT JOIN factory_median md_sale ON md_sale.district_code = c.district_code AND md_sale.kind = 'SALE'
  LEFT JOIN factory_median md_rent ON md_rent.district_code = c.district_code AND md_rent.kind = 'RENT'
  WHERE (CAST(:district AS text) IS NULL OR c.district_code = :district)
    -- the buildings alerted on: all of them, or the one asked for (:building)
    AND (CAST(:building AS bigint) IS NULL OR f.id = :building)
), above AS (
  -- per building and kind, its units' prices (or rents) above the limit: how many, the highest
  SELECT u.factory_building_id AS id, CASE u.deal WHEN 'SOLD' THEN 'SALE' ELSE 'RENT' END AS kind,
         count(*) AS units, max(coalesce(u.price_cny_m2, u.rent_cny_m2_month)::float8) AS v
  FROM b JOIN factory_unit u ON u.factory_building_id = b.id
  WHERE coalesce(u.price_cny_m2, u.rent_cny_m2_month)::float8
        > CASE u.deal WHEN 'SOLD' THEN b.sale_median ELSE b.rent_median END * (1 + :over_median)
  GROUP BY 1, 2
), alert AS (
  SELECT 'SPECULATION' AS rule, b.district_code, b.id, b.code, b.name, b.stage,
         coalesce(a.units, 0) AS units, k.kind, greatest(a.v, own.own) AS value,
         k.median * (1 + :over_median) AS limit_value, k.median AS reference
  FROM b
  CROSS JOIN LATERAL (VALUES ('SALE', b.sale_median, b.price), ('RENT', b.rent_median, b.rent))
    AS k (kind, median, v_own)
  CROSS JOIN LATERAL (SELECT CASE WHEN k.v_own > k.median * (1 + :over_median) THEN k.v_own END AS own) own
  LEFT JOIN above a ON a.id = b.id AND a.kind = k.kind
  WHERE a.id IS NOT NULL OR own.own IS NOT NULL
  UNION ALL
  SELECT 'VACANCY', b.district_code, b.id, b.code, b.name, b.stage, 0, NULL,
         1 - b.taken_m2 / b.floor_m2, :vacancy_max, NULL
  FROM b
  WHERE b.stage IN ('OPERATION', 'ASSESSMENT') AND 1 - b.taken_m2 / b.floor_m2 > :vacancy_max
  UNION ALL
  SELECT 'NON_INDUSTRIAL', b.district_code, b.id, b.code, b.name, b.stage, n.units, NULL, n.m2, NULL,
         NULL
  FROM b
  JOIN (SELECT u.factory_building_id AS id, count(*) AS units, sum(u.floor_area_m2)::float8 AS m2
        FROM b JOIN factory_unit u ON u.factory_building_id = b.id
        WHERE NOT u.occupant_industrial
        GROUP BY 1) n ON n.id = b.id
  UNION ALL
  SELECT 'OUTPUT_BELOW_AGREEMENT', b.district_code, b.id, b.code, b.name, b.stage, 0, NULL,
         coalesce(o.output_per_mu, 0), b.agreement_output_per_mu::float8, NULL
  FROM b
  LEFT JOIN factory_building_output o ON o.year = :year AND o.factory_building_id = b.id
  WHERE b.stage IN ('OPERATION', 'ASSESSMENT')
    AND b.agreement_output_per_mu IS NOT NULL
    AND coalesce(o.output_per_mu, 0) < b.agreement_output_per_mu
    -- only where the reader reads the parcels' figures (V39): elsewhere the output is not missing, it
    -- is not theirs to read
    AND ((SELECT figures_everywhere()) OR b.district_code = (SELECT figures_district()))
), page AS (
  SELECT * FROM alert ORDER BY district_code, rule, code, kind, id LIMIT CAST(:limit AS integer) OFFSET :offset
)
SELECT 'alert' AS part, rule, district_code, id, code, name, stage, units, kind, value, limit_value,
       reference
FROM page
UNION ALL
SELECT 'count', rule, district_code, NULL, NULL, NULL, NULL, count(*), NULL, NULL, NULL, NULL
FROM alert
GROUP BY district_code, rule
ORDER BY part, district_code, rule, code, kind, id
