-- The factory alerts of the city at a million parcels (issue 17): their statement compared every
-- building's asking price and rent and every unit's price or rent with the district's kept median
-- (V55), and summed every building's non-industrial units, on every request: ~100,000 rows joined
-- and filtered for a page of 100 (145–314 ms over HTTP, 91–203 ms of SQL, 6 December). What of it
-- does not depend on the request's thresholds is kept per building here: the highest sale price
-- and rent (the building's own or a unit's), the share of the floor area empty, the non-industrial
-- units and their floor area, and what the alert shows of the building (district, code, name,
-- stage, agreement). An alert of SPECULATION is then a highest figure above the district's median
-- × (1 + the threshold); the number of units above is counted for the page's alerts only.
--
-- Kept with the medians, by the same statement triggers (V55 keep_factory_medians: a write of
-- factory_building, factory_unit or factory_building_context makes the kept figures of the
-- districts it touched again, in the writer's transaction, psql included).

CREATE TABLE factory_alert_figure (
  factory_building_id     bigint PRIMARY KEY REFERENCES factory_building (id) ON DELETE CASCADE,
  district_code           char(6) NOT NULL,
  code                    text NOT NULL,
  name                    text NOT NULL,
  stage                   text NOT NULL,
  -- in use (OPERATION, ASSESSMENT): VACANCY and OUTPUT_BELOW_AGREEMENT are of these only
  in_use                  boolean NOT NULL,
  -- 1 − (sold + leased) ÷ floor area
  vacancy                 double precision NOT NULL,
  -- the highest sale price (CNY/m²) asked by the building or paid for a unit sold, and rent
  -- (CNY/m²/month) asked or paid for a unit leased; null: none
  sale_max                double precision,
  rent_max                double precision,
  -- units sold or leased to non-industrial occupants, and their floor area
  non_industrial          integer NOT NULL,
  non_industrial_m2       double precision NOT NULL,
  agreement_output_per_mu numeric(10,2)
);
-- each rule's alerts read by an index: the figures above a district's limit, the buildings in use
-- emptier than the limit, those with non-industrial units, those in use with an agreement
CREATE INDEX factory_alert_figure_sale_idx ON factory_alert_figure (district_code, sale_max);
CREATE INDEX factory_alert_figure_rent_idx ON factory_alert_figure (district_code, rent_max);
CREATE INDEX factory_alert_figure_vacancy_idx ON factory_alert_figure (vacancy) WHERE in_use;
CREATE INDEX factory_alert_figure_non_industrial_idx ON factory_alert_figure (factory_building_id)
  WHERE non_industrial > 0;
CREATE INDEX factory_alert_figure_agreement_idx ON factory_alert_figure (factory_building_id)
  WHERE in_use AND agreement_output_per_mu IS NOT NULL;
COMMENT ON TABLE factory_alert_figure IS
  'per commercial factory building: the figures of the alerts that no threshold changes (select_alerts.sql); kept by triggers with factory_median (V57)';

-- The kept figures of these districts' buildings (all when NULL), made again. Called by
-- refresh_factory_medians, under its lock.
CREATE FUNCTION refresh_factory_alert_figures(districts text[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  DELETE FROM factory_alert_figure WHERE districts IS NULL OR district_code = ANY (districts);
  INSERT INTO factory_alert_figure
  SELECT f.id, c.district_code, f.code, f.name, f.stage, f.stage IN ('OPERATION', 'ASSESSMENT'),
         1 - (f.sold_area_m2 + f.leased_area_m2)::float8 / f.floor_area_m2::float8,
         greatest(f.sale_price_cny_m2::float8, u.sale_max), greatest(f.rent_cny_m2_month::float8, u.rent_max),
         coalesce(u.non_industrial, 0), coalesce(u.non_industrial_m2, 0), c.agreement_output_per_mu
  FROM factory_building f
  JOIN factory_building_context c ON c.factory_building_id = f.id
  LEFT JOIN (
    SELECT factory_building_id,
           max(coalesce(price_cny_m2, rent_cny_m2_month)::float8) FILTER (WHERE deal = 'SOLD') AS sale_max,
           max(coalesce(price_cny_m2, rent_cny_m2_month)::float8) FILTER (WHERE deal <> 'SOLD') AS rent_max,
           count(*) FILTER (WHERE NOT occupant_industrial) AS non_industrial,
           (sum(floor_area_m2) FILTER (WHERE NOT occupant_industrial))::float8 AS non_industrial_m2
    FROM factory_unit
    GROUP BY factory_building_id
  ) u ON u.factory_building_id = f.id
  WHERE districts IS NULL OR c.district_code = ANY (districts);
END
$$;

-- V55's medians, and now the alerts' figures of the same districts.
CREATE OR REPLACE FUNCTION refresh_factory_medians(districts text[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  IF districts IS NOT NULL AND cardinality(districts) = 0 THEN
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('factory_median'));
  DELETE FROM factory_median WHERE districts IS NULL OR district_code = ANY (districts);
  INSERT INTO factory_median (district_code, kind, median)
  WITH b AS (
    SELECT f.id, f.sale_price_cny_m2::float8 AS price, f.rent_cny_m2_month::float8 AS rent,
           c.district_code
    FROM factory_building f
    JOIN factory_building_context c ON c.factory_building_id = f.id
    WHERE districts IS NULL OR c.district_code = ANY (districts)
  ), obs AS (
    SELECT b.district_code, 'SALE' AS kind, b.price AS v FROM b WHERE b.price IS NOT NULL
    UNION ALL
    SELECT b.district_code, 'RENT', b.rent FROM b WHERE b.rent IS NOT NULL
    UNION ALL
    SELECT b.district_code, CASE u.deal WHEN 'SOLD' THEN 'SALE' ELSE 'RENT' END,
           coalesce(u.price_cny_m2, u.rent_cny_m2_month)::float8
    FROM b JOIN factory_unit u ON u.factory_building_id = b.id
  )
  SELECT district_code, kind, percentile_cont(0.5) WITHIN GROUP (ORDER BY v)
  FROM obs GROUP BY district_code, kind;
  PERFORM refresh_factory_alert_figures(districts);
END
$$;

REVOKE EXECUTE ON FUNCTION refresh_factory_alert_figures(text[]) FROM PUBLIC;
GRANT SELECT ON factory_alert_figure TO redline_service;

SELECT refresh_factory_alert_figures(NULL);
ANALYZE factory_alert_figure;

SELECT pin_search_paths();
