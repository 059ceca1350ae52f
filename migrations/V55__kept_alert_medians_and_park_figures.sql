-- Dashboards at 1,000,000 parcels (issue 17), the two requests still far over 100 ms:
--
-- 1. The factory alerts compared each building's prices and rents with the median of its
--    district and kind, computed on every request (a sort of every price and rent of the city's
--    buildings and units). factory_median keeps these medians, per district and kind, made again
--    for the districts a statement touched by statement triggers on factory_building, factory_unit
--    and factory_building_context (V27), in the writer's transaction: never stale, psql included.
--
-- 2. The park assessment of a cluster (the summary's, and /api/efficiency/parks) summed every
--    enterprise's output over the parcels of the cluster to find its leading industry (2.1 s for
--    cluster 1 at a million parcels), and the summary of a district or cluster counted its year's
--    breaches by kind (70–140 ms). Both are figures of a recomputed year: the recompute keeps them
--    in its own transaction (keep_efficiency_summaries, called with V37's distributions), and any
--    other write of the year's figures or breaches forgets the year (efficiency_summary_kept: no
--    row, the service computes them live as before). The leading industry also reads who holds the
--    parcels now (parcel_enterprise): a write of it makes the output per industry of the clusters of
--    the parcels it touched again, for every kept year, in the writer's transaction.

-- 1. The medians of the factory alerts ----------------------------------------------------------

CREATE TABLE factory_median (
  district_code char(6) NOT NULL,
  kind          text    NOT NULL CHECK (kind IN ('SALE', 'RENT')),
  median        double precision NOT NULL,
  PRIMARY KEY (district_code, kind)
);
COMMENT ON TABLE factory_median IS
  'per district and kind (sale price CNY/m², rent CNY/m²/month): the median of the prices or rents asked by the district''s commercial factory buildings and paid for their units, as select_alerts.sql compared them; kept by triggers (V55)';

-- The medians of these districts (all when NULL), made again from the buildings and units. One
-- writer at a time (a transaction-scoped lock): each makes them from what the others committed.
CREATE FUNCTION refresh_factory_medians(districts text[]) RETURNS void
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
END
$$;

-- The districts of the buildings, units and contexts a statement wrote or removed.
CREATE FUNCTION keep_factory_medians() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  ids bigint[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM refresh_factory_medians(NULL);
    RETURN NULL;
  END IF;
  -- (a statement reads only the transition tables its event has)
  IF TG_TABLE_NAME = 'factory_building_context' THEN
    IF TG_OP = 'INSERT' THEN
      PERFORM refresh_factory_medians(ARRAY(SELECT DISTINCT district_code::text FROM written));
    ELSIF TG_OP = 'DELETE' THEN
      PERFORM refresh_factory_medians(ARRAY(SELECT DISTINCT district_code::text FROM ended));
    ELSE
      PERFORM refresh_factory_medians(ARRAY(
        SELECT district_code::text FROM written UNION SELECT district_code::text FROM ended));
    END IF;
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
  RETURN NULL;
END
$$;

-- a building deleted needs no trigger of its own: its context goes with it (ON DELETE CASCADE)
CREATE TRIGGER factory_building_median_insert AFTER INSERT ON factory_building
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION keep_factory_medians();
CREATE TRIGGER factory_building_median_update AFTER UPDATE ON factory_building
  REFERENCING OLD TABLE AS ended NEW TABLE AS written
  FOR EACH STATEMENT EXECUTE FUNCTION keep_factory_medians();
CREATE TRIGGER factory_building_median_truncate AFTER TRUNCATE ON factory_building
  FOR EACH STATEMENT EXECUTE FUNCTION keep_factory_medians();
CREATE TRIGGER factory_unit_median_insert AFTER INSERT ON factory_unit
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION keep_factory_medians();
CREATE TRIGGER factory_unit_median_update AFTER UPDATE ON factory_unit
  REFERENCING OLD TABLE AS ended NEW TABLE AS written
  FOR EACH STATEMENT EXECUTE FUNCTION keep_factory_medians();
CREATE TRIGGER factory_unit_median_delete AFTER DELETE ON factory_unit
  REFERENCING OLD TABLE AS ended FOR EACH STATEMENT EXECUTE FUNCTION keep_factory_medians();
CREATE TRIGGER factory_unit_median_truncate AFTER TRUNCATE ON factory_unit
  FOR EACH STATEMENT EXECUTE FUNCTION keep_factory_medians();
CREATE TRIGGER factory_context_median_insert AFTER INSERT ON factory_building_context
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION keep_factory_medians();
CREATE TRIGGER factory_context_median_update AFTER UPDATE ON factory_building_context
  REFERENCING OLD TABLE AS ended NEW TABLE AS written
  FOR EACH STATEMENT EXECUTE FUNCTION keep_factory_medians();
CREATE TRIGGER factory_context_median_delete AFTER DELETE ON factory_building_context
  REFERENCING OLD TABLE AS ended FOR EACH STATEMENT EXECUTE FUNCTION keep_factory_medians();
CREATE TRIGGER factory_context_median_truncate AFTER TRUNCATE ON factory_building_context
  FOR EACH STATEMENT EXECUTE FUNCTION keep_factory_medians();

REVOKE EXECUTE ON FUNCTION refresh_factory_medians(text[]) FROM PUBLIC;
GRANT SELECT ON factory_median TO redline_service;

SELECT refresh_factory_medians(NULL);

-- 2. The summaries' figures of a recomputed year ------------------------------------------------

CREATE TABLE efficiency_summary_kept (
  year smallint PRIMARY KEY
);

-- per year and cluster, the output of its parcels per industry (select_parks.sql's by_industry)
CREATE TABLE cluster_industry_output (
  year          smallint NOT NULL REFERENCES efficiency_summary_kept ON DELETE CASCADE,
  cluster_id    bigint   NOT NULL,
  industry_code text,
  output        double precision,
  UNIQUE NULLS NOT DISTINCT (year, cluster_id, industry_code)
);

-- per year, the parcels in breach by kind: of the city (code ''), of each district and cluster
CREATE TABLE breach_kind_count (
  year    smallint NOT NULL REFERENCES efficiency_summary_kept ON DELETE CASCADE,
  scope   text     NOT NULL CHECK (scope IN ('city', 'district', 'cluster')),
  code    text     NOT NULL,
  kind    text     NOT NULL,
  parcels bigint   NOT NULL,
  PRIMARY KEY (year, scope, code, kind)
);

-- The output per industry of these clusters (all when NULL) in a kept year, made again.
CREATE FUNCTION keep_cluster_industry_output(y smallint, clusters bigint[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path FROM CURRENT AS $$
  DELETE FROM cluster_industry_output
  WHERE year = y AND (clusters IS NULL OR cluster_id = ANY (clusters));
  INSERT INTO cluster_industry_output (year, cluster_id, industry_code, output)
  SELECT pe.year, pe.cluster_id, ee.industry_code,
         sum(ee.output * pe.area_mu * l.floor_area_share / ee.land_mu)
  FROM parcel_efficiency pe
  JOIN parcel_enterprise l ON l.parcel_id = pe.parcel_id
  JOIN enterprise_efficiency ee ON ee.year = pe.year AND ee.enterprise_id = l.enterprise_id
  WHERE pe.year = y AND pe.cluster_id IS NOT NULL
    AND (clusters IS NULL OR pe.cluster_id = ANY (clusters))
    AND EXISTS (SELECT 1 FROM efficiency_summary_kept k WHERE k.year = y)
  GROUP BY pe.year, pe.cluster_id, ee.industry_code;
$$;

-- Computes and keeps the year's figures of the summaries, replacing what was kept for the year.
CREATE FUNCTION keep_efficiency_summaries(y smallint) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  DELETE FROM efficiency_summary_kept WHERE year = y;
  INSERT INTO efficiency_summary_kept (year) VALUES (y);
  PERFORM keep_cluster_industry_output(y, NULL);
  INSERT INTO breach_kind_count (year, scope, code, kind, parcels)
  SELECT y, b.scope, coalesce(b.district_code::text, b.cluster_id::text, ''), b.kind, b.parcels
  FROM (SELECT CASE grouping(pb.district_code, pb.cluster_id)
                 WHEN 3 THEN 'city' WHEN 1 THEN 'district' ELSE 'cluster' END AS scope,
               pb.district_code, pb.cluster_id, k.kind, count(*) AS parcels
        FROM parcel_breach pb CROSS JOIN LATERAL unnest(pb.kinds) AS k(kind)
        WHERE pb.year = y
        GROUP BY GROUPING SETS ((k.kind), (pb.district_code, k.kind), (pb.cluster_id, k.kind))) b
  -- the parcels outside the clusters are no cluster's
  WHERE b.scope <> 'cluster' OR b.cluster_id IS NOT NULL;
END
$$;

-- Any write of a year's figures or breaches forgets the year's kept figures (in the writer's
-- transaction); the recompute keeps them again after its last write.
CREATE FUNCTION forget_efficiency_summaries() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM efficiency_summary_kept;
  ELSIF TG_OP = 'INSERT' THEN
    DELETE FROM efficiency_summary_kept WHERE year IN (SELECT year FROM written);
  ELSIF TG_OP = 'DELETE' THEN
    DELETE FROM efficiency_summary_kept WHERE year IN (SELECT year FROM ended);
  ELSE
    DELETE FROM efficiency_summary_kept
    WHERE year IN (SELECT year FROM written UNION SELECT year FROM ended);
  END IF;
  RETURN NULL;
END
$$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['parcel_efficiency', 'enterprise_efficiency', 'parcel_breach'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS written
                      FOR EACH STATEMENT EXECUTE FUNCTION forget_efficiency_summaries()',
                   t || '_forget_summaries_insert', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS ended NEW TABLE AS written
                      FOR EACH STATEMENT EXECUTE FUNCTION forget_efficiency_summaries()',
                   t || '_forget_summaries_update', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS ended
                      FOR EACH STATEMENT EXECUTE FUNCTION forget_efficiency_summaries()',
                   t || '_forget_summaries_delete', t);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I
                      FOR EACH STATEMENT EXECUTE FUNCTION forget_efficiency_summaries()',
                   t || '_forget_summaries_truncate', t);
  END LOOP;
END
$$;

-- Who holds a parcel changed: the output per industry of its cluster in every kept year.
CREATE FUNCTION keep_cluster_industry_holders() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  y smallint;
  parcels bigint[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    parcels := ARRAY(SELECT DISTINCT parcel_id FROM written);
  ELSIF TG_OP = 'DELETE' THEN
    parcels := ARRAY(SELECT DISTINCT parcel_id FROM ended);
  ELSIF TG_OP = 'UPDATE' THEN
    parcels := ARRAY(SELECT parcel_id FROM written UNION SELECT parcel_id FROM ended);
  END IF;
  FOR y IN SELECT year FROM efficiency_summary_kept ORDER BY year LOOP
    IF TG_OP = 'TRUNCATE' THEN
      PERFORM keep_cluster_industry_output(y, NULL);
    ELSE
      PERFORM keep_cluster_industry_output(y, ARRAY(
        SELECT DISTINCT pe.cluster_id FROM parcel_efficiency pe
        WHERE pe.year = y AND pe.cluster_id IS NOT NULL AND pe.parcel_id = ANY (parcels)));
    END IF;
  END LOOP;
  RETURN NULL;
END
$$;

CREATE TRIGGER parcel_enterprise_industry_insert AFTER INSERT ON parcel_enterprise
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION keep_cluster_industry_holders();
CREATE TRIGGER parcel_enterprise_industry_update AFTER UPDATE ON parcel_enterprise
  REFERENCING OLD TABLE AS ended NEW TABLE AS written
  FOR EACH STATEMENT EXECUTE FUNCTION keep_cluster_industry_holders();
CREATE TRIGGER parcel_enterprise_industry_delete AFTER DELETE ON parcel_enterprise
  REFERENCING OLD TABLE AS ended FOR EACH STATEMENT EXECUTE FUNCTION keep_cluster_industry_holders();
CREATE TRIGGER parcel_enterprise_industry_truncate AFTER TRUNCATE ON parcel_enterprise
  FOR EACH STATEMENT EXECUTE FUNCTION keep_cluster_industry_holders();

-- Read as the figures are (V39): the leading industry is read only by roles reading every district
-- (the service refuses the others first); the breach counts of a district by its own officer too.
ALTER TABLE cluster_industry_output ENABLE ROW LEVEL SECURITY;
CREATE POLICY cluster_industry_output_read ON cluster_industry_output FOR SELECT
  USING ((SELECT figures_everywhere()));
ALTER TABLE breach_kind_count ENABLE ROW LEVEL SECURITY;
CREATE POLICY breach_kind_count_read ON breach_kind_count FOR SELECT
  USING ((SELECT figures_everywhere()) OR (scope = 'district' AND code = (SELECT figures_district())::text));

REVOKE EXECUTE ON FUNCTION keep_cluster_industry_output(smallint, bigint[]) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION keep_efficiency_summaries(smallint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION keep_efficiency_summaries(smallint) TO redline_service;
GRANT SELECT ON efficiency_summary_kept, cluster_industry_output, breach_kind_count TO redline_service;

-- The years already computed: kept now, so that the first read after the upgrade is fast.
SELECT keep_efficiency_summaries(year)
FROM (SELECT DISTINCT year FROM parcel_efficiency UNION SELECT DISTINCT year FROM enterprise_efficiency) y;

SELECT pin_search_paths();
