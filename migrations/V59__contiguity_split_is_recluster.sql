-- contiguity_split (V54) was contiguity_recluster with no fresh pieces: the stale patches clustered
-- again from their remaining labelled pieces, and no patch is within the gap of a fresh piece when
-- there is none. One function for one idea: the trigger calls contiguity_recluster(layer, kind,
-- stale, '{}') for the stale patches (only when there are some, as contiguity_split returned at once
-- on none), and contiguity_split goes. Otherwise V54's trigger as it was.

-- the trigger: old pieces noted, new pieces in, carried, the old pieces out, splits, joins
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

DROP FUNCTION contiguity_split(text, text, bigint[]);

SELECT pin_search_paths();
