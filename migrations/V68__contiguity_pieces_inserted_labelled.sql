-- A large write's new contiguity pieces inserted with their labels (issue 17: V67's bulk UPDATE of
-- 100,000 features inserted 100,000 bare pieces, then wrote their labels by one UPDATE a kind of
-- unit: 3.5 s each at a million parcels, and two dead versions of every new piece, with their index
-- entries, left for a VACUUM that this PostgreSQL never runs by itself).
--
-- keep_contiguity, a statement of more than 500 features written: its new pieces are made first, in
-- a temporary table of the transaction, each given its id from the pieces' own sequence (in the order
-- V67 inserted them: by feature, then part); V67's search for the patches they reach reads their
-- shapes there (transformed to EPSG:4547 once, not twice); contiguity_recluster clusters them with
-- the touched patches' pieces and writes their labels where they wait; they are inserted last,
-- labelled. The clustering, its members and the labels are V67's (the same ids, the same patches
-- touched): ContiguityTest compares with a fresh ST_ClusterDBSCAN.
--
-- A statement inserting more than 500 features (a COPY of a whole city, an import of new parcels) now
-- takes that way too, as one changing or deleting as many already did (V54): before, its new pieces
-- went in bare, were grouped among themselves and joined the patches they reach, each labelled by
-- the largest patch it joined, or (more than 1,000 links, as a city's load) clustered V51's way and
-- labelled by an UPDATE a kind. The patches are the same either way; each is now labelled by its
-- smallest piece, as V51's way labels them.
--
-- The temporary table is named with its schema (pg_temp) everywhere, made afresh by the statement
-- (dropped first if an earlier statement of the transaction left it), and dropped after.

DROP FUNCTION contiguity_recluster(text, text, bigint[], bigint[]);

-- V67's; with staged, the new pieces waiting in pg_temp.contiguity_fresh are members too
CREATE FUNCTION contiguity_recluster(layer_name text, kind text, touched bigint[], fresh bigint[],
                                     staged boolean DEFAULT false)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  gap double precision := (SELECT gap_m FROM contiguity_setting);
  staged_members text := '';
  staged_labels text := '';
BEGIN
  IF kind NOT IN ('district', 'cluster') THEN
    RAISE EXCEPTION 'contiguity_recluster: kind %', kind;
  END IF;
  touched := ARRAY(SELECT DISTINCT t FROM unnest(touched) t WHERE t IS NOT NULL);
  IF staged THEN
    -- the statement's new pieces, not inserted yet (keep_contiguity): clustered with the rest, and
    -- their labels written where they wait
    staged_members := format('UNION ALL SELECT f.id, f.%1$I, f.geom, f.m2 FROM pg_temp.contiguity_fresh f',
                             kind);
    staged_labels := format(', relabelled_staged AS (UPDATE pg_temp.contiguity_fresh f SET %1$I = l.patch'
                            ' FROM labelled l WHERE f.id = l.id)', kind || '_patch');
  END IF;
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
      %4$s
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
    )%5$s,
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
  $q$, kind, kind || '_patch', kind, staged_members, staged_labels)
  USING layer_name, touched, gap, fresh;
  DELETE FROM contiguity_unit u WHERE u.layer = layer_name AND u.kind = contiguity_recluster.kind
    AND u.patches = 0;
END
$$;

REVOKE ALL ON FUNCTION contiguity_recluster(text, text, bigint[], bigint[], boolean) FROM PUBLIC;

-- the trigger: V67's, a large statement's new pieces labelled before they go in
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
  many boolean;
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
  -- many features at once (a statement of more than 500 features inserted, changed or deleted): the
  -- stale patches, the patches the new shapes reach and the new pieces clustered again (V51's way,
  -- see the top of V54)
  many := cardinality(changed) > 500;
  IF TG_OP = 'INSERT' THEN -- (a statement that inserts has no "ended" and names no "changed")
    many := (SELECT count(*) > 500 FROM (SELECT 1 FROM written LIMIT 501) w);
  END IF;
  IF many THEN
    IF TG_OP <> 'DELETE' THEN
      -- the new pieces, each given its id now and its labels below, inserted last: labelled once,
      -- not inserted bare and labelled by an UPDATE a kind (each leaving a dead row version and new
      -- index entries behind); in a table of this transaction's own, dropped at its end
      IF to_regclass('pg_temp.contiguity_fresh') IS NOT NULL THEN -- (no NOTICE when there is none)
        DROP TABLE pg_temp.contiguity_fresh;
      END IF;
      CREATE TEMP TABLE contiguity_fresh (
        id bigint NOT NULL, feature_id bigint NOT NULL, district text NOT NULL, cluster text NOT NULL,
        geom geometry NOT NULL, m2 double precision NOT NULL,
        district_patch bigint, cluster_patch bigint
      ) ON COMMIT DROP;
      INSERT INTO pg_temp.contiguity_fresh (id, feature_id, district, cluster, geom, m2)
      SELECT nextval(pg_get_serial_sequence('contiguity_piece', 'id')), s.*
      FROM (
        SELECT w.id, w.district_code::text, coalesce(w.cluster_id::text, ''),
               ST_Transform(d.geom, 4547),
               CASE WHEN ST_NumGeometries(w.geom) = 1 THEN w.area_m2 ELSE ST_Area(d.geom::geography) END
        FROM written w CROSS JOIN LATERAL ST_Dump(w.geom) d
        WHERE TG_OP = 'INSERT' OR w.id IN (SELECT unnest(changed))
        ORDER BY w.id, d.path) s;
      -- the patches the new pieces reach, both kinds in one search a piece, among the pieces as they
      -- are before this statement (the changed features' own old pieces are found too: their patches
      -- are stale anyway), in the order PostGIS 3 sorts shapes by (a Hilbert curve): neighbours
      -- searched one after the other share the index's pages
      SELECT coalesce(array_agg(DISTINCT r.district_patch) FILTER (WHERE r.district_patch IS NOT NULL), '{}'),
             coalesce(array_agg(DISTINCT r.cluster_patch) FILTER (WHERE r.cluster_patch IS NOT NULL), '{}')
      INTO district_reached, cluster_reached
      FROM (SELECT f.district, f.cluster, f.geom FROM pg_temp.contiguity_fresh f ORDER BY f.geom OFFSET 0) n
      CROSS JOIN LATERAL (
        SELECT CASE WHEN q.district = n.district THEN q.district_patch END AS district_patch,
               CASE WHEN q.cluster = n.cluster THEN q.cluster_patch END AS cluster_patch
        FROM contiguity_piece q
        WHERE ST_DWithin(q.geom, n.geom, (SELECT gap_m FROM contiguity_setting)) AND q.layer = layer_name
          AND (q.district = n.district OR q.cluster = n.cluster)) r;
    END IF;
    WITH gone AS (
      DELETE FROM contiguity_piece c WHERE c.id IN (SELECT unnest(old_ids))
      RETURNING c.district_patch, c.cluster_patch
    )
    SELECT coalesce(array_agg(DISTINCT district_patch), '{}'),
           coalesce(array_agg(DISTINCT cluster_patch), '{}')
    INTO district_stale, cluster_stale FROM gone;
    PERFORM contiguity_recluster(layer_name, 'district', district_stale || district_reached, '{}',
                                 TG_OP <> 'DELETE');
    PERFORM contiguity_recluster(layer_name, 'cluster', cluster_stale || cluster_reached, '{}',
                                 TG_OP <> 'DELETE');
    IF TG_OP <> 'DELETE' THEN
      INSERT INTO contiguity_piece (id, layer, feature_id, district, cluster, geom, m2,
                                    district_patch, cluster_patch)
      OVERRIDING SYSTEM VALUE
      SELECT f.id, layer_name, f.feature_id, f.district, f.cluster, f.geom, f.m2,
             f.district_patch, f.cluster_patch
      FROM pg_temp.contiguity_fresh f ORDER BY f.id;
      DROP TABLE pg_temp.contiguity_fresh;
    END IF;
    RETURN NULL;
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
