-- The patches a large write reaches, found once for both kinds of unit, before the pieces change
-- (issue 17: a first import of 100,000 re-surveyed parcels into a city of a million spent 44 s of its
-- 64 s bulk UPDATE in keep_contiguity, 27 s of it in two neighbour searches, one per kind of unit,
-- each probing the pieces' GiST index once a new piece: 0.11-0.15 ms a probe, in no order, through
-- an index holding the new pieces and the dead old ones besides the live).
--
-- contiguity_recluster (V54) searched, for the new pieces it was given, the labelled pieces within the
-- gap, and clustered their patches again with the stale ones. It no longer searches: its caller names
-- every patch to cluster again (touched) with the new pieces, as each caller already knew them or can
-- find them cheaper:
--   keep_contiguity, a statement of more than 500 features: before the new pieces go in and the old
--     ones out, one search a new shape for both kinds (the labels of the same unit within the gap),
--     in the order PostGIS sorts shapes by (a Hilbert curve since PostGIS 3: one probe's index pages
--     serve the next). The labelled pieces within the gap of a new piece are then those found after
--     the delete (V54's search) and the changed features' own old pieces, whose patches are stale, so
--     touched anyway: the same patches touched as before.
--   keep_contiguity, the stale patches of a small write: as before (no new pieces, nothing to search).
--   contiguity_join, more than 1,000 links: its links already name every patch within the gap of a
--     fresh piece (and of a carried one); contiguity_recluster searched them all again.
-- The result is V54's: the same patches clustered again from the same pieces (ContiguityTest).

DROP FUNCTION contiguity_recluster(text, text, bigint[], bigint[]);

-- the touched patches of one kind and the fresh pieces named, clustered again; the patch and unit
-- figures moved from the old patches to the new (V54's, without its search for what the fresh reach)
CREATE FUNCTION contiguity_recluster(layer_name text, kind text, touched bigint[], fresh bigint[])
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  gap double precision := (SELECT gap_m FROM contiguity_setting);
BEGIN
  IF kind NOT IN ('district', 'cluster') THEN
    RAISE EXCEPTION 'contiguity_recluster: kind %', kind;
  END IF;
  touched := ARRAY(SELECT DISTINCT t FROM unnest(touched) t WHERE t IS NOT NULL);
  EXECUTE $q$
    WITH gone AS (
      DELETE FROM contiguity_patch p
      WHERE p.kind = $2 AND p.patch IN (SELECT unnest($3))
      RETURNING p.unit, p.pieces, p.m2
    )
    INSERT INTO contiguity_unit AS u (layer, kind, unit, patches, pieces, m2)
    SELECT $1, $2, unit, -count(*), -sum(pieces), -sum(m2::numeric)
    FROM gone GROUP BY unit ORDER BY unit
    ON CONFLICT (layer, kind, unit) DO UPDATE
      SET patches = u.patches + excluded.patches, pieces = u.pieces + excluded.pieces,
          m2 = u.m2 + excluded.m2
  $q$ USING layer_name, kind, touched;
  EXECUTE format($q$
    WITH members AS (
      SELECT c.id, c.%1$I AS unit, c.geom, c.m2
      FROM contiguity_piece c WHERE c.%2$I IN (SELECT unnest($2))
      UNION ALL
      SELECT c.id, c.%1$I, c.geom, c.m2
      FROM contiguity_piece c WHERE c.id IN (SELECT unnest($4))
    ),
    clustered AS (
      SELECT id, unit, m2,
             ST_ClusterDBSCAN(geom, eps := $3, minpoints := 1) OVER (PARTITION BY unit) AS cid
      FROM members
    ),
    labelled AS (
      SELECT id, unit, m2, min(id) OVER (PARTITION BY unit, cid) AS patch FROM clustered
    ),
    relabelled AS (
      UPDATE contiguity_piece c SET %2$I = l.patch
      FROM labelled l
      WHERE c.id = l.id AND c.%2$I IS DISTINCT FROM l.patch
    ),
    made AS (
      INSERT INTO contiguity_patch (kind, patch, layer, unit, pieces, m2)
      SELECT %3$L, patch, $1, unit, count(*), sum(m2)
      FROM labelled GROUP BY patch, unit
      RETURNING unit, pieces, m2
    )
    INSERT INTO contiguity_unit AS u (layer, kind, unit, patches, pieces, m2)
    SELECT $1, %3$L, unit, count(*), sum(pieces), sum(m2::numeric)
    FROM made GROUP BY unit ORDER BY unit
    ON CONFLICT (layer, kind, unit) DO UPDATE
      SET patches = u.patches + excluded.patches, pieces = u.pieces + excluded.pieces,
          m2 = u.m2 + excluded.m2
  $q$, kind, kind || '_patch', kind) USING layer_name, touched, gap, fresh;
  DELETE FROM contiguity_unit u WHERE u.layer = layer_name AND u.kind = contiguity_recluster.kind
    AND u.patches = 0;
END
$$;

REVOKE ALL ON FUNCTION contiguity_recluster(text, text, bigint[], bigint[]) FROM PUBLIC;

-- the trigger: V61's, the reach of a large statement found before its pieces change
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
  district_reached bigint[] := '{}';
  cluster_reached bigint[] := '{}';
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
  IF cardinality(changed) > 500 AND TG_OP = 'UPDATE' THEN
    -- the patches the new shapes reach, both kinds in one search a new piece, among the pieces as
    -- they are before this statement: the index holds neither the new pieces nor the dead old ones
    -- yet (the changed features' own old pieces are found too: their patches are stale anyway)
    SELECT coalesce(array_agg(DISTINCT r.district_patch) FILTER (WHERE r.district_patch IS NOT NULL), '{}'),
           coalesce(array_agg(DISTINCT r.cluster_patch) FILTER (WHERE r.cluster_patch IS NOT NULL), '{}')
    INTO district_reached, cluster_reached
    FROM (
      -- in the order PostGIS 3 sorts shapes by (a Hilbert curve): neighbours searched one after
      -- the other share the index's pages
      SELECT w.district_code::text AS district, coalesce(w.cluster_id::text, '') AS cluster,
             ST_Transform(d.geom, 4547) AS geom
      FROM written w CROSS JOIN LATERAL ST_Dump(w.geom) d
      WHERE w.id IN (SELECT unnest(changed))
      ORDER BY 3
      OFFSET 0) n
    CROSS JOIN LATERAL (
      SELECT CASE WHEN q.district = n.district THEN q.district_patch END AS district_patch,
             CASE WHEN q.cluster = n.cluster THEN q.cluster_patch END AS cluster_patch
      FROM contiguity_piece q
      WHERE ST_DWithin(q.geom, n.geom, (SELECT gap_m FROM contiguity_setting)) AND q.layer = layer_name
        AND (q.district = n.district OR q.cluster = n.cluster)) r;
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
    -- many features at once: the stale patches, the patches the new shapes reach and the new pieces
    -- clustered again (V51's way, see the top of V54); what they reach was found above
    WITH gone AS (
      DELETE FROM contiguity_piece c WHERE c.id IN (SELECT unnest(old_ids))
      RETURNING c.district_patch, c.cluster_patch
    )
    SELECT coalesce(array_agg(DISTINCT district_patch), '{}'),
           coalesce(array_agg(DISTINCT cluster_patch), '{}')
    INTO district_stale, cluster_stale FROM gone;
    PERFORM contiguity_recluster(layer_name, 'district', district_stale || district_reached, new_ids);
    PERFORM contiguity_recluster(layer_name, 'cluster', cluster_stale || cluster_reached, new_ids);
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

SELECT pin_search_paths();
