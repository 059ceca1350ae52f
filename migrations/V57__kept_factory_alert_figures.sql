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
-- buildings it touched again, in the writer's transaction, psql included).

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
-- each rule's alerts readable by an index: the figures above a district's limit, the buildings in use
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

-- The kept figures of these buildings (all when NULL), made again: a building's figures are its own,
-- its units' and its context's. Under the medians' lock (V55: one writer at a time, each making them
-- from what the others committed).
CREATE FUNCTION refresh_factory_alert_figures(buildings bigint[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  IF buildings IS NOT NULL AND cardinality(buildings) = 0 THEN
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('factory_median'));
  DELETE FROM factory_alert_figure WHERE buildings IS NULL OR factory_building_id = ANY (buildings);
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
    WHERE buildings IS NULL OR factory_building_id = ANY (buildings)
    GROUP BY factory_building_id
  ) u ON u.factory_building_id = f.id
  WHERE buildings IS NULL OR f.id = ANY (buildings);
END
$$;

-- V55's trigger: the medians of the districts a statement touched, and now the figures of the
-- buildings it touched.
CREATE OR REPLACE FUNCTION keep_factory_medians() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  ids bigint[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM refresh_factory_medians(NULL);
    PERFORM refresh_factory_alert_figures(NULL);
    RETURN NULL;
  END IF;
  -- (a statement reads only the transition tables its event has)
  IF TG_TABLE_NAME = 'factory_building_context' THEN
    IF TG_OP = 'INSERT' THEN
      PERFORM refresh_factory_medians(ARRAY(SELECT DISTINCT district_code::text FROM written));
      ids := ARRAY(SELECT factory_building_id FROM written);
    ELSIF TG_OP = 'DELETE' THEN
      PERFORM refresh_factory_medians(ARRAY(SELECT DISTINCT district_code::text FROM ended));
      ids := ARRAY(SELECT factory_building_id FROM ended);
    ELSE
      PERFORM refresh_factory_medians(ARRAY(
        SELECT district_code::text FROM written UNION SELECT district_code::text FROM ended));
      ids := ARRAY(SELECT factory_building_id FROM written UNION SELECT factory_building_id FROM ended);
    END IF;
    PERFORM refresh_factory_alert_figures(ids);
    RETURN NULL;
  END IF;
  -- a building's or unit's: its building's district now (a building deleted takes its context with
  -- it, whose trigger makes its district's medians again)
  IF TG_TABLE_NAME = 'factory_building' THEN
    ids := ARRAY(SELECT id FROM written);
  ELSIF TG_OP = 'INSERT' THEN
    ids := ARRAY(SELECT factory_building_id FROM written);
  ELSIF TG_OP = 'DELETE' THEN
    ids := ARRAY(SELECT factory_building_id FROM ended);
  ELSE
    ids := ARRAY(SELECT factory_building_id FROM written UNION SELECT factory_building_id FROM ended);
  END IF;
  PERFORM refresh_factory_medians(ARRAY(
    SELECT DISTINCT c.district_code::text FROM factory_building_context c
    WHERE c.factory_building_id = ANY (ids)));
  PERFORM refresh_factory_alert_figures(ids);
  RETURN NULL;
END
$$;

REVOKE EXECUTE ON FUNCTION refresh_factory_alert_figures(bigint[]) FROM PUBLIC;
GRANT SELECT ON factory_alert_figure TO redline_service;

SELECT refresh_factory_alert_figures(NULL);
ANALYZE factory_alert_figure;

SELECT pin_search_paths();
