-- A preview's transaction (issue 17): a change set's preview (and a district officer's check of a
-- proposal) applies its edits in a transaction that is always rolled back, and the layers' triggers
-- kept everything in it as if it would commit: for an import of 100,000 parcels into a city of a
-- million, keep_contiguity's whole recluster of the parcels was most of the preview's time, and
-- 8-18 ms of a one-parcel edit's. No preview reads the parcels' contiguity labels (the effects of a
-- change set read the red line's, ContiguityEffects, and the rules none), so a transaction that can
-- never commit need not keep them.
--
-- "Can never commit" is the database's, not a setting's: begin_preview() (the owner's rights) puts
-- the transaction's id into preview_transaction, which no login but the owner may read or write, and
-- a deferred constraint trigger on it refuses the COMMIT (and SET CONSTRAINTS ... IMMEDIATE, which
-- fires it at once, and PREPARE TRANSACTION, which fires it too). The row can go only with the work
-- done after it: a savepoint rolled back to before begin_preview takes the row and its queued check
-- away, and with them every write the triggers did not keep (a preview nested in a caller's
-- transaction, rolled back to its savepoint, leaves the caller's transaction as it was and free to
-- commit, the labels of its own writes kept). The rows never commit, so the table holds none but
-- the dead (VACUUM takes them); xid8 ids are never reused.

CREATE TABLE preview_transaction (
  xid xid8 PRIMARY KEY
);
COMMENT ON TABLE preview_transaction IS
  'the transactions that are previews (begin_preview, V61): they cannot commit, and keep no derived figures that no preview reads';
REVOKE ALL ON preview_transaction FROM PUBLIC, redline_service, redline_editor;

CREATE FUNCTION refuse_preview_commit() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  RAISE EXCEPTION '预览的事务不能提交（a preview''s transaction cannot commit）'
    USING ERRCODE = 'invalid_transaction_termination';
END
$$;

CREATE CONSTRAINT TRIGGER preview_never_commits AFTER INSERT ON preview_transaction
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_preview_commit();

-- Makes the current transaction a preview's: it will not commit. Called again: still one.
CREATE FUNCTION begin_preview() RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path FROM CURRENT AS $$
  INSERT INTO preview_transaction (xid) VALUES (pg_current_xact_id()) ON CONFLICT DO NOTHING;
$$;

-- Whether the current transaction is a preview's: one probe of the primary key (none without an
-- id: a transaction that has written nothing has not called begin_preview either).
CREATE FUNCTION in_preview() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT EXISTS (SELECT 1 FROM preview_transaction WHERE xid = pg_current_xact_id_if_assigned());
$$;

-- V59's trigger, which now keeps nothing for the parcels in a preview's transaction
CREATE OR REPLACE FUNCTION keep_contiguity() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  layer_name text := TG_TABLE_NAME::text; -- text, as contiguity_piece.layer (TG_TABLE_NAME is a name)
  changed bigint[] := '{}';
  old_ids bigint[] := '{}';
  new_ids bigint[] := '{}';
  district_stale bigint[];
  district_carried bigint[];
  cluster_stale bigint[];
  cluster_carried bigint[];
BEGIN
  -- a preview's transaction (begin_preview above) never commits, and no preview reads the parcels'
  -- labels: nothing to keep for them. The red line's are kept always (ContiguityEffects reads them).
  IF layer_name = 'parcel' AND in_preview() THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_advisory_xact_lock(hashtext('contiguity'), hashtext(layer_name));
    DELETE FROM contiguity_piece WHERE layer = layer_name;
    DELETE FROM contiguity_patch WHERE layer = layer_name;
    DELETE FROM contiguity_unit WHERE layer = layer_name;
    RETURN NULL;
  END IF;
  -- the features whose pieces go: ended, or written with another shape or unit
  IF TG_OP = 'DELETE' THEN
    changed := ARRAY(SELECT id FROM ended);
  ELSIF TG_OP = 'UPDATE' THEN
    changed := ARRAY(
      SELECT e.id FROM ended e LEFT JOIN written w ON w.id = e.id
      WHERE w.id IS NULL OR e.geom IS DISTINCT FROM w.geom
         OR e.district_code IS DISTINCT FROM w.district_code
         OR e.cluster_id IS DISTINCT FROM w.cluster_id
      UNION
      SELECT w.id FROM written w WHERE NOT EXISTS (SELECT 1 FROM ended e WHERE e.id = w.id));
    IF cardinality(changed) = 0 THEN
      RETURN NULL; -- attributes only: no patch changes
    END IF;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('contiguity'), hashtext(layer_name));
  IF cardinality(changed) > 0 THEN
    old_ids := ARRAY(SELECT c.id FROM contiguity_piece c
                     WHERE c.layer = layer_name AND c.feature_id IN (SELECT unnest(changed)));
  END IF;
  IF TG_OP <> 'DELETE' THEN
    WITH made AS (
      INSERT INTO contiguity_piece (layer, feature_id, district, cluster, geom, m2)
      SELECT layer_name, w.id, w.district_code::text, coalesce(w.cluster_id::text, ''),
             ST_Transform(d.geom, 4547),
             CASE WHEN ST_NumGeometries(w.geom) = 1 THEN w.area_m2 ELSE ST_Area(d.geom::geography) END
      FROM written w CROSS JOIN LATERAL ST_Dump(w.geom) d
      WHERE TG_OP = 'INSERT' OR w.id IN (SELECT unnest(changed))
      ORDER BY w.id, d.path
      RETURNING id)
    SELECT coalesce(array_agg(id), '{}') INTO new_ids FROM made;
  END IF;
  IF cardinality(changed) > 500 THEN
    -- many features at once: V51's way (see the top of V54)
    WITH gone AS (
      DELETE FROM contiguity_piece c WHERE c.id IN (SELECT unnest(old_ids))
      RETURNING c.district_patch, c.cluster_patch
    )
    SELECT coalesce(array_agg(DISTINCT district_patch), '{}'),
           coalesce(array_agg(DISTINCT cluster_patch), '{}')
    INTO district_stale, cluster_stale FROM gone;
    PERFORM contiguity_recluster(layer_name, 'district', district_stale, new_ids);
    PERFORM contiguity_recluster(layer_name, 'cluster', cluster_stale, new_ids);
    RETURN NULL;
  END IF;
  SELECT stale, carried INTO district_stale, district_carried
  FROM contiguity_carry(layer_name, 'district', old_ids, new_ids);
  SELECT stale, carried INTO cluster_stale, cluster_carried
  FROM contiguity_carry(layer_name, 'cluster', old_ids, new_ids);
  IF cardinality(old_ids) > 0 THEN
    DELETE FROM contiguity_piece c WHERE c.id IN (SELECT unnest(old_ids));
  END IF;
  IF cardinality(district_stale) > 0 THEN
    PERFORM contiguity_recluster(layer_name, 'district', district_stale, '{}');
  END IF;
  IF cardinality(cluster_stale) > 0 THEN
    PERFORM contiguity_recluster(layer_name, 'cluster', cluster_stale, '{}');
  END IF;
  PERFORM contiguity_join(layer_name, 'district',
                          ARRAY(SELECT unnest(new_ids) EXCEPT SELECT unnest(district_carried)),
                          district_carried);
  PERFORM contiguity_join(layer_name, 'cluster',
                          ARRAY(SELECT unnest(new_ids) EXCEPT SELECT unnest(cluster_carried)),
                          cluster_carried);
  RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION refuse_preview_commit() FROM PUBLIC;
REVOKE ALL ON FUNCTION begin_preview() FROM PUBLIC;
REVOKE ALL ON FUNCTION in_preview() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION begin_preview() TO redline_service, redline_editor;
GRANT EXECUTE ON FUNCTION in_preview() TO redline_service, redline_editor;

-- a migration that adds functions pins their search paths, pg_temp last (V31)
SELECT pin_search_paths();
