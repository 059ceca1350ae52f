-- The overlap and in-district rules of a small change set planned once a session, not at every
-- check (issue 17: a one-feature edit at a million parcels).
--
-- check_overlaps and check_in_district (V28, V52) build each layer's statement by overlap_rule()
-- and in_district_rule() and EXECUTE it: planned afresh for every change set, on purpose, so that
-- a change set of 100,000 parcels gets a plan for its size. A plan cached for any change set cannot
-- be made from `change_set_id = $1`: for a generic plan that is the layer's most common change
-- set (the initial load, every parcel of the city), and such a plan scans whole layers (run with
-- that change set, 23-32 s a rule at 1,000,000 parcels). So a one-parcel commit planned both
-- statements at every COMMIT: in psql at 1,000,000 parcels the overlap rule planned in 1.0-2.1 ms
-- and ran in 0.11-0.19 ms, the in-district rule planned in 0.44-0.92 ms and ran in 0.20-0.26 ms.
--
-- Now a change set's written features are found first, per layer, by their ids (change_set_written:
-- one statement, planned for this change set, as change_set_layers was). A layer in which it wrote
-- at most 500 features (small_change_set_features(), the bound the contiguity trigger uses too) is
-- checked by statements that start from those ids (`id = ANY ($2)`), whose plan is the same for
-- any short list: a primary-key probe per feature, then the layer's spatial index. They are the
-- same statements, made by the same overlap_rule() and in_district_rule() with the written
-- relation narrowed to the ids, written into check_small_overlaps and check_small_in_district
-- below, one branch per versioned layer, static, planned once a session (force_generic_plan on
-- these two functions only). A larger write, or a layer registered after this migration, is checked
-- as before. check_change_set reports the same rules in the same order.
--
-- Measured in psql at 1,000,000 parcels, check_change_set of a one-parcel change set: 2.2-2.8 ms
-- before, 1.0 ms now; of a 400-parcel one, 14.7-15.1 ms before, 13.6-15.2 ms now. The generic plans
-- are made without parallel workers and without JIT: with them, the overlap statement's generic plan
-- at a million parcels was a parallel scan of the layer (186-252 ms), then compiled at every call
-- (its estimate, ~10 features each probing the spatial index, is above jit_above_cost: 14 ms).

CREATE FUNCTION small_change_set_features() RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT 500';
COMMENT ON FUNCTION small_change_set_features() IS
  'the most features a change set writes in one layer for its rules to be checked by statements planned once a session (V72)';

CREATE TYPE written_features AS (layer text, ids bigint[]);
COMMENT ON TYPE written_features IS
  'the features a change set wrote in a layer: their ids, or NULL ids when there are more than small_change_set_features()';

-- The layers a change set wrote in, each with the ids of the features it wrote there (NULL when
-- more than small_change_set_features()), ordered by layer; one statement, planned for this change
-- set (a generic plan would expect the initial load's size, see above).
CREATE FUNCTION change_set_written(cs bigint) RETURNS SETOF written_features
LANGUAGE plpgsql STABLE SET search_path FROM CURRENT SET jit = off AS $$
DECLARE
  q text;
BEGIN
  SELECT string_agg(format('SELECT %L::text AS layer, ARRAY(SELECT id FROM %I WHERE change_set_id = $1 LIMIT $2 + 1) AS ids',
                           layer, tbl), ' UNION ALL ' ORDER BY layer)
  INTO q FROM versioned_layer;
  RETURN QUERY EXECUTE
    'SELECT w.layer, CASE WHEN cardinality(w.ids) <= $2 THEN w.ids END FROM (' || q || ') w
     WHERE cardinality(w.ids) > 0 ORDER BY w.layer'
  USING cs, small_change_set_features();
END
$$;

-- The two rules for the features a change set wrote in one layer, given by their ids ($2; the
-- change set is $1): one branch per versioned layer, each the statement overlap_rule() or
-- in_district_rule() makes, over the written features only. Without ids (more features than
-- small_change_set_features()), or in a layer not written in here (one registered later), the
-- statement planned at every call, as before.
DO $v72$
DECLARE
  rule text;
  branches text;
  statement text;
  written text;
  l versioned_layer;
BEGIN
  FOREACH rule IN ARRAY ARRAY['overlaps', 'in_district'] LOOP
    branches := '';
    FOR l IN SELECT * FROM versioned_layer ORDER BY layer LOOP
      written := format('(SELECT * FROM %I WHERE id = ANY ($2))', l.tbl);
      statement := CASE
        WHEN rule = 'overlaps' THEN overlap_rule(l.layer, l.label, written, quote_ident(l.tbl), 'true')
        WHEN l.in_district THEN in_district_rule(l.layer, l.label, written)
      END;
      branches := branches || format(E'  IF layer_name = %L THEN\n%s    RETURN;\n  END IF;\n', l.layer,
                                     CASE WHEN statement IS NOT NULL THEN format(E'    RETURN QUERY %s;\n', statement) ELSE '' END);
    END LOOP;
    EXECUTE format($fn$
      CREATE FUNCTION check_small_%1$s(cs bigint, ids bigint[], layer_name text) RETURNS SETOF rule_violation
      LANGUAGE plpgsql STABLE SET search_path FROM CURRENT SET plan_cache_mode = force_generic_plan
      SET max_parallel_workers_per_gather = 0 SET jit = off AS $body$
      BEGIN
        IF ids IS NOT NULL THEN
      %2$s
        END IF;
        RETURN QUERY SELECT * FROM check_%1$s(cs, ARRAY[layer_name]);
      END
      $body$
    $fn$, rule, branches);
  END LOOP;
END
$v72$;

COMMENT ON FUNCTION check_small_overlaps(bigint, bigint[], text) IS
  'the overlap rule for the features (ids) a change set wrote in a layer, planned once a session (without ids: check_overlaps); made by V72 from overlap_rule()';
COMMENT ON FUNCTION check_small_in_district(bigint, bigint[], text) IS
  'the in-district rule for the features (ids) a change set wrote in a layer, planned once a session (without ids: check_in_district); made by V72 from in_district_rule()';

-- V52's check, the written layers found with their features: overlaps in every layer written, then
-- in-district (by the small statements where the layer's ids are known); then as before.
CREATE OR REPLACE FUNCTION check_change_set(cs bigint, lock boolean) RETURNS SETOF rule_violation
LANGUAGE plpgsql VOLATILE SET search_path FROM CURRENT AS $$
DECLARE
  written written_features[] := ARRAY(SELECT w FROM change_set_written(cs) w);
  w written_features;
BEGIN
  FOREACH w IN ARRAY written LOOP
    RETURN QUERY SELECT * FROM check_small_overlaps(cs, w.ids, w.layer);
  END LOOP;
  FOREACH w IN ARRAY written LOOP
    RETURN QUERY SELECT * FROM check_small_in_district(cs, w.ids, w.layer);
  END LOOP;
  RETURN QUERY SELECT * FROM check_containment(cs);
  RETURN QUERY SELECT * FROM check_zoning(cs);
  RETURN QUERY SELECT * FROM check_red_line_quota(cs, lock);
END
$$;

SELECT pin_search_paths();
