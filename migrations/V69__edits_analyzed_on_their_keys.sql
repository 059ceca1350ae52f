-- The bulk path's fresh statistics of the edits it has just added (BulkEdits.fill, then
-- analyze_table('change_set_edit')), so that applying them is planned for their number: the plans
-- use the edits' keys (change set, action, feature, layer, seq), never their shapes or attributes,
-- which no query filters on. ANALYZE of every column read the sampled rows' shapes and jsonb
-- attributes too (detoasted, their statistics computed): 131-149 ms of a 2,000-feature import's
-- 760 ms at 20,000 parcels, where the key columns alone take 15-25 ms (psql, the same table of
-- 24,000 edits). The other tables on the list are analyzed whole, as before.
CREATE OR REPLACE FUNCTION analyze_table(t text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path FROM CURRENT AS $$
BEGIN
  IF t NOT IN ('change_set_edit', 'parcel_efficiency', 'enterprise_efficiency', 'unit_efficiency',
               'annual_indicator', 'parcel_breach', 'feature_history', 'cluster_district_efficiency') THEN
    RAISE EXCEPTION 'analyze_table: % is not on the list', t USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF t = 'change_set_edit' THEN
    ANALYZE change_set_edit (change_set_id, seq, layer, action, feature_id, base_version);
  ELSE
    EXECUTE format('ANALYZE %I', t);
  END IF;
END
$$;

SELECT pin_search_paths();
