-- The planner's distribution chart at 1,000,000 parcels (issue 17): the distribution of an
-- indicator over a year's parcels or enterprises read all of the year's figures (700,000–800,000
-- rows: 717 ms at p50, 0.6 s of it the bare SQL). The figures of a year change only when the year
-- is recomputed, so the recompute keeps, in its own transaction, the distributions the page asks
-- for (20 equal bins of each indicator the page offers: parcels of the city, of each district and
-- of each cluster; enterprises of the city and of each district), and any write of a year's figures
-- by anybody else (psql included) forgets that year's kept distributions in the same transaction:
-- the service then computes them from the figures as before. Never stale: a year is kept only in
-- the transaction that computed it from the figures it commits with.
--
-- efficiency_distribution_kept: the years whose distributions are kept (no row: compute live).
-- efficiency_distribution: per year, level, indicator and scope, the bins' counts with the
--   scope's least and greatest value, exactly as select_distribution.sql computes them.

CREATE TABLE efficiency_distribution_kept (
  year smallint PRIMARY KEY
);

CREATE TABLE efficiency_distribution (
  year      smallint NOT NULL REFERENCES efficiency_distribution_kept ON DELETE CASCADE,
  level     text     NOT NULL CHECK (level IN ('parcel', 'enterprise')),
  indicator text     NOT NULL,
  scope     text     NOT NULL CHECK (scope IN ('city', 'district', 'cluster')),
  code      text     NOT NULL,
  bins      smallint NOT NULL,
  bin       smallint NOT NULL,
  lo        double precision NOT NULL,
  hi        double precision NOT NULL,
  n         bigint   NOT NULL,
  PRIMARY KEY (year, level, indicator, scope, code, bins, bin)
);

-- Computes and keeps the year's distributions (20 bins), replacing what was kept for the year. The
-- bins are select_distribution.sql's: width_bucket over [least, greatest] of the scope, the greatest
-- value in the last bin, every value in bin 1 when all are equal, nulls not counted, a scope
-- without any value absent.
CREATE FUNCTION keep_efficiency_distribution(y smallint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  kept bigint;
BEGIN
  DELETE FROM efficiency_distribution_kept WHERE year = y;
  INSERT INTO efficiency_distribution_kept (year) VALUES (y);
  WITH v AS MATERIALIZED (
    SELECT 'parcel'::text AS level, i.indicator, pe.district_code::text AS district,
           pe.cluster_id, i.v
    FROM parcel_efficiency pe
    CROSS JOIN LATERAL (VALUES ('taxPerMu', pe.tax_per_mu), ('outputPerMu', pe.output_per_mu),
                               ('valueAddedPerMu', pe.value_added_per_mu),
                               ('investmentPerMu', pe.investment_per_mu),
                               ('valueAddedPerEnergy', pe.value_added_per_energy),
                               ('labourProductivity', pe.labour_productivity),
                               ('rdShare', pe.rd_share)) AS i(indicator, v)
    WHERE pe.year = y
    UNION ALL
    -- enterprises of a cluster are those with land in it now (a join to parcel): not kept
    SELECT 'enterprise', i.indicator, ee.district_code::text, NULL, i.v
    FROM enterprise_efficiency ee
    CROSS JOIN LATERAL (VALUES ('taxPerMu', ee.tax_per_mu), ('outputPerMu', ee.output_per_mu),
                               ('valueAddedPerMu', ee.value_added_per_mu),
                               ('investmentPerMu', ee.investment_per_mu),
                               ('valueAddedPerEnergy', ee.value_added_per_energy),
                               ('labourProductivity', ee.labour_productivity),
                               ('rdShare', ee.rd_share)) AS i(indicator, v)
    WHERE ee.year = y
  ), s AS MATERIALIZED (
    SELECT level, indicator, 'city'::text AS scope, ''::text AS code, v FROM v
    UNION ALL
    SELECT level, indicator, 'district', district, v FROM v
    UNION ALL
    SELECT level, indicator, 'cluster', cluster_id::text, v FROM v WHERE cluster_id IS NOT NULL
  ), r AS (
    SELECT level, indicator, scope, code, min(v) AS lo, max(v) AS hi
    FROM s GROUP BY level, indicator, scope, code
  ), b AS (
    SELECT s.level, s.indicator, s.scope, s.code,
           CASE WHEN r.hi = r.lo THEN 1 ELSE least(width_bucket(s.v, r.lo, r.hi, 20), 20) END AS bin,
           count(*) AS n
    FROM s JOIN r ON (r.level, r.indicator, r.scope, r.code) = (s.level, s.indicator, s.scope, s.code)
    WHERE s.v IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5
  )
  INSERT INTO efficiency_distribution (year, level, indicator, scope, code, bins, bin, lo, hi, n)
  SELECT y, r.level, r.indicator, r.scope, r.code, 20, g.bin, r.lo, r.hi, coalesce(b.n, 0)
  FROM r
  CROSS JOIN generate_series(1, 20) AS g(bin)
  LEFT JOIN b ON (b.level, b.indicator, b.scope, b.code, b.bin) = (r.level, r.indicator, r.scope, r.code, g.bin)
  WHERE r.lo IS NOT NULL;
  GET DIAGNOSTICS kept = ROW_COUNT;
  RETURN kept;
END
$$;
REVOKE ALL ON FUNCTION keep_efficiency_distribution(smallint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION keep_efficiency_distribution(smallint) TO redline_service;

-- Any write of a year's figures forgets the year's kept distributions (in the writer's
-- transaction); the recompute keeps them again after its last write of the figures.
CREATE FUNCTION forget_efficiency_distribution() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM efficiency_distribution_kept;
  ELSIF TG_OP = 'INSERT' THEN
    DELETE FROM efficiency_distribution_kept WHERE year IN (SELECT year FROM written);
  ELSIF TG_OP = 'DELETE' THEN
    DELETE FROM efficiency_distribution_kept WHERE year IN (SELECT year FROM ended);
  ELSE
    DELETE FROM efficiency_distribution_kept
    WHERE year IN (SELECT year FROM written UNION SELECT year FROM ended);
  END IF;
  RETURN NULL;
END
$$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['parcel_efficiency', 'enterprise_efficiency'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS written
                      FOR EACH STATEMENT EXECUTE FUNCTION forget_efficiency_distribution()',
                   t || '_forget_distribution_insert', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS ended NEW TABLE AS written
                      FOR EACH STATEMENT EXECUTE FUNCTION forget_efficiency_distribution()',
                   t || '_forget_distribution_update', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS ended
                      FOR EACH STATEMENT EXECUTE FUNCTION forget_efficiency_distribution()',
                   t || '_forget_distribution_delete', t);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I
                      FOR EACH STATEMENT EXECUTE FUNCTION forget_efficiency_distribution()',
                   t || '_forget_distribution_truncate', t);
  END LOOP;
END
$$;

-- Read by the service (and its replicas); written only by the two functions above.
GRANT SELECT ON efficiency_distribution_kept, efficiency_distribution TO redline_service;

-- The years already computed: kept now, so that the first read after the upgrade is fast.
SELECT keep_efficiency_distribution(year)
FROM (SELECT DISTINCT year FROM parcel_efficiency UNION SELECT DISTINCT year FROM enterprise_efficiency) y;

SELECT pin_search_paths();
