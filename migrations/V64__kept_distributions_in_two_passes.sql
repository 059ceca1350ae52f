-- The recompute's kept distributions (V37) in two streaming passes over the year's figures instead
-- of a sort of every value once per scope. At 1,000,000 parcels keep_efficiency_distribution took
-- 157-192 s of a 10-12-minute recompute (issue 15; load average 8-12 on the two cores): it
-- materialized every value of the 7 indicators of ~800,000 parcels and ~800,000 enterprises (11
-- million rows), then each of them once per scope (city, district and, for parcels, cluster: about
-- 28 million rows) in a work table written to disk, hashed them for the least and greatest value of
-- each scope and sorted all of them again to join them to those. Now the first pass reads the
-- figures and keeps only the least and greatest value of each (level, indicator, scope, code), a
-- few hundred groups (462 at a million parcels); the second reads the figures again and counts each
-- value in its bin of each of its scopes, a hash of at most 20 groups a scope. Nothing is sorted and
-- the result is the same rows: the same bins (width_bucket over [least, greatest] of the scope, the
-- greatest value in the last bin, every value in bin 1 when all are equal), nulls not counted, a
-- scope without any value absent (there it had no least value and was left out; here it has no
-- group), every bin of a scope written, the empty ones with 0. KeptDistributionsTest compares the
-- kept bins with select_distribution.sql on the figures.
-- The planner cannot know that the scopes are few (it estimates 2.8 million groups of least and
-- greatest values where a million parcels make 462), so left to itself it sorts the 28 million
-- values to merge-join them with those; the function (and only it: a function's SET lasts for its
-- call) turns merge joins and sorts off, so that the values stream through a hash of the scopes
-- into a hash of the bins. Neither changes a result, only the way to it.
CREATE OR REPLACE FUNCTION keep_efficiency_distribution(y smallint) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT
SET enable_mergejoin = off SET enable_sort = off AS $$
DECLARE
  kept bigint;
BEGIN
  DELETE FROM efficiency_distribution_kept WHERE year = y;
  INSERT INTO efficiency_distribution_kept (year) VALUES (y);
  WITH v AS NOT MATERIALIZED (
    -- each value of the year with each scope it counts in (code '' for the city); enterprises of a
    -- cluster are those with land in it now (a join to parcel): not kept
    SELECT 'parcel'::text AS level, i.indicator, s.scope, s.code, i.v
    FROM parcel_efficiency pe
    CROSS JOIN LATERAL (VALUES ('taxPerMu', pe.tax_per_mu), ('outputPerMu', pe.output_per_mu),
                               ('valueAddedPerMu', pe.value_added_per_mu),
                               ('investmentPerMu', pe.investment_per_mu),
                               ('valueAddedPerEnergy', pe.value_added_per_energy),
                               ('labourProductivity', pe.labour_productivity),
                               ('rdShare', pe.rd_share)) AS i(indicator, v)
    CROSS JOIN LATERAL (VALUES ('city'::text, ''::text), ('district', pe.district_code::text),
                               ('cluster', pe.cluster_id::text)) AS s(scope, code)
    WHERE pe.year = y AND i.v IS NOT NULL AND s.code IS NOT NULL
    UNION ALL
    SELECT 'enterprise', i.indicator, s.scope, s.code, i.v
    FROM enterprise_efficiency ee
    CROSS JOIN LATERAL (VALUES ('taxPerMu', ee.tax_per_mu), ('outputPerMu', ee.output_per_mu),
                               ('valueAddedPerMu', ee.value_added_per_mu),
                               ('investmentPerMu', ee.investment_per_mu),
                               ('valueAddedPerEnergy', ee.value_added_per_energy),
                               ('labourProductivity', ee.labour_productivity),
                               ('rdShare', ee.rd_share)) AS i(indicator, v)
    CROSS JOIN LATERAL (VALUES ('city'::text, ''::text), ('district', ee.district_code::text)) AS s(scope, code)
    WHERE ee.year = y AND i.v IS NOT NULL
  ), r AS MATERIALIZED (
    SELECT level, indicator, scope, code, min(v) AS lo, max(v) AS hi
    FROM v GROUP BY level, indicator, scope, code
  ), b AS (
    SELECT r.level, r.indicator, r.scope, r.code,
           CASE WHEN r.hi = r.lo THEN 1 ELSE least(width_bucket(v.v, r.lo, r.hi, 20), 20) END AS bin,
           count(*) AS n
    FROM v JOIN r ON (r.level, r.indicator, r.scope, r.code) = (v.level, v.indicator, v.scope, v.code)
    GROUP BY 1, 2, 3, 4, 5
  )
  INSERT INTO efficiency_distribution (year, level, indicator, scope, code, bins, bin, lo, hi, n)
  SELECT y, r.level, r.indicator, r.scope, r.code, 20, g.bin, r.lo, r.hi, coalesce(b.n, 0)
  FROM r
  CROSS JOIN generate_series(1, 20) AS g(bin)
  LEFT JOIN b ON (b.level, b.indicator, b.scope, b.code, b.bin) = (r.level, r.indicator, r.scope, r.code, g.bin);
  GET DIAGNOSTICS kept = ROW_COUNT;
  RETURN kept;
END
$$;

SELECT pin_search_paths();
