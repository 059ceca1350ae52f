-- 集聚连片 contiguity kept without clustering again what a write cannot split (issue 17: V51's
-- triggers clustered the whole patch of every piece written, 1.6–3.0 s for a 1 cm move of a parcel
-- in the largest patch of a million, and 15 s for a 10,000-parcel statement).
--
-- What a write can do to the patches (pieces within contiguity_setting.gap_m of each other, per
-- unit, linked): join them, when a new shape comes within the gap of another patch; split one,
-- only when a link is lost. So, per kind of unit (district, cluster), a statement's pieces are:
--
--   carried  a feature with one piece before and one after, in the same unit, whose new piece is
--            within the gap of everything its old piece was (each neighbour as it is after the
--            statement: itself, or its own new piece if it was carried too). Every link the old
--            piece made is made by the new one, so its patch cannot split: the new piece takes the
--            old one's label, and its patch's area changes by the difference.
--   stale    every other old piece (ended, several parts, another unit, or a link lost): its patch
--            may split and is clustered again from its remaining labelled pieces
--            (contiguity_split), as V51 did, but without the new pieces.
--   fresh    every other new piece: grouped among themselves (ST_ClusterDBSCAN over the fresh ones
--            only) and joined to the patches within the gap (contiguity_join).
--
-- Joins are made by relabelling: the pieces of the smaller patches take the label of the largest
-- patch of what joins (a new piece next to the largest patch of the city relabels only itself).
-- A label is therefore no longer the smallest piece id of its patch but the id of a piece that is,
-- or was, in it: a piece whose id is some patch's label is in that patch while it exists (kept by
-- every step: carried pieces take their old piece's label; a join keeps the target's; a split or a
-- new group labels by its smallest live piece), so two patches never share a label.
--
-- Carrying costs a neighbour search per piece (about 1 ms a piece at a million parcels), where
-- clustering a patch again costs about 0.014 ms a piece of it: a statement that changes more than
-- 500 features, and a join of more than 1,000 links, take V51's way instead (contiguity_recluster:
-- the stale patches, those within the gap of a new piece, and the new pieces, clustered together),
-- the same result by DBSCAN. contiguity_recluster now names its new pieces (an index of unlabelled
-- pieces keeps the entries of every piece labelled since, as there is no autovacuum here: walking
-- them cost 10–35 ms a write at a million parcels).

-- V51's clustering again, of the stale patches, the fresh pieces named, and the patches within the
-- gap of a fresh piece
CREATE FUNCTION contiguity_recluster(layer_name text, kind text, stale bigint[], fresh bigint[])
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  gap double precision := (SELECT gap_m FROM contiguity_setting);
  touched bigint[];
BEGIN
  IF kind NOT IN ('district', 'cluster') THEN
    RAISE EXCEPTION 'contiguity_recluster: kind %', kind;
  END IF;
  EXECUTE format($q$
    WITH fresh AS MATERIALIZED (
      SELECT f.%1$I AS unit, f.geom FROM contiguity_piece f WHERE f.id IN (SELECT unnest($4))
    )
    SELECT ARRAY(
      SELECT s FROM unnest($2) s WHERE s IS NOT NULL
      UNION
      SELECT n.patch
      FROM fresh f
      CROSS JOIN LATERAL (
        SELECT q.%2$I AS patch FROM contiguity_piece q
        WHERE ST_DWithin(q.geom, f.geom, $3) AND q.layer = $1 AND q.%1$I = f.unit
          AND q.%2$I IS NOT NULL) n)
  $q$, kind, kind || '_patch') INTO touched USING layer_name, stale, gap, fresh;
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
DROP FUNCTION contiguity_recluster(text, text, bigint[]);

-- the carried pieces of one kind: they take their old pieces' labels; answers the stale labels
-- (old pieces not carried) and the carried new pieces
CREATE FUNCTION contiguity_carry(layer_name text, kind text, old_ids bigint[], new_ids bigint[],
                                 OUT stale bigint[], OUT carried bigint[])
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  gap double precision := (SELECT gap_m FROM contiguity_setting);
BEGIN
  IF kind NOT IN ('district', 'cluster') THEN
    RAISE EXCEPTION 'contiguity_carry: kind %', kind;
  END IF;
  stale := '{}';
  carried := '{}';
  IF cardinality(old_ids) = 0 THEN
    RETURN;
  END IF;
  EXECUTE format($q$
    WITH old AS MATERIALIZED (
      SELECT o.id, o.feature_id, o.%1$I AS unit, o.%2$I AS label, o.geom, o.m2
      FROM contiguity_piece o WHERE o.id IN (SELECT unnest($2))
    ),
    new AS MATERIALIZED (
      SELECT n.id, n.feature_id, n.%1$I AS unit, n.geom, n.m2
      FROM contiguity_piece n WHERE n.id IN (SELECT unnest($3))
    ),
    pair AS MATERIALIZED (
      SELECT o.id AS old_id, o.label, o.unit, o.geom AS old_geom, o.m2 AS old_m2,
             n.id AS new_id, n.geom AS new_geom, n.m2 AS new_m2
      FROM (SELECT feature_id FROM old GROUP BY feature_id HAVING count(*) = 1) f1
      JOIN (SELECT feature_id FROM new GROUP BY feature_id HAVING count(*) = 1) f2 USING (feature_id)
      JOIN old o ON o.feature_id = f1.feature_id
      JOIN new n ON n.feature_id = f1.feature_id AND n.unit = o.unit
    ),
    -- a link of the old piece the new one does not make (the neighbour as it is after the write)
    broken AS MATERIALIZED (
      SELECT DISTINCT p.old_id
      FROM pair p
      CROSS JOIN LATERAL (
        SELECT q.id, q.geom FROM contiguity_piece q
        WHERE ST_DWithin(q.geom, p.old_geom, $4) AND q.layer = $1 AND q.%1$I = p.unit
          AND q.%2$I IS NOT NULL AND q.id <> p.old_id) q
      LEFT JOIN old qo ON qo.id = q.id
      LEFT JOIN pair qp ON qp.old_id = q.id
      WHERE CASE WHEN qo.id IS NULL THEN NOT ST_DWithin(q.geom, p.new_geom, $4)
                 ELSE qp.old_id IS NULL OR NOT ST_DWithin(qp.new_geom, p.new_geom, $4) END
    ),
    kept AS MATERIALIZED (
      SELECT p.* FROM pair p WHERE NOT EXISTS (SELECT 1 FROM broken b WHERE b.old_id = p.old_id)
    ),
    labelled AS (
      UPDATE contiguity_piece c SET %2$I = k.label FROM kept k WHERE c.id = k.new_id
    ),
    resized AS (
      UPDATE contiguity_patch pt SET m2 = pt.m2 + d.delta
      FROM (SELECT label, sum(new_m2 - old_m2) AS delta FROM kept GROUP BY label) d
      WHERE pt.kind = %3$L AND pt.patch = d.label AND d.delta <> 0
    ),
    unit_resized AS (
      UPDATE contiguity_unit u SET m2 = u.m2 + d.delta
      FROM (SELECT unit, sum(new_m2::numeric - old_m2::numeric) AS delta FROM kept GROUP BY unit) d
      WHERE u.layer = $1 AND u.kind = %3$L AND u.unit = d.unit AND d.delta <> 0
    )
    SELECT ARRAY(SELECT DISTINCT o.label FROM old o
                 WHERE NOT EXISTS (SELECT 1 FROM kept k WHERE k.old_id = o.id)),
           ARRAY(SELECT k.new_id FROM kept k)
  $q$, kind, kind || '_patch', kind)
  INTO stale, carried USING layer_name, old_ids, new_ids, gap;
END
$$;

-- the stale patches of one kind clustered again from their remaining labelled pieces (what V51's
-- contiguity_recluster does, without new pieces and without looking for neighbours)
CREATE FUNCTION contiguity_split(layer_name text, kind text, stale bigint[])
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  gap double precision := (SELECT gap_m FROM contiguity_setting);
BEGIN
  IF kind NOT IN ('district', 'cluster') THEN
    RAISE EXCEPTION 'contiguity_split: kind %', kind;
  END IF;
  IF cardinality(stale) = 0 THEN
    RETURN;
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
  $q$ USING layer_name, kind, stale;
  EXECUTE format($q$
    WITH members AS (
      SELECT c.id, c.%1$I AS unit, c.geom, c.m2
      FROM contiguity_piece c WHERE c.%2$I IN (SELECT unnest($2))
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
  $q$, kind, kind || '_patch', kind) USING layer_name, stale, gap;
  DELETE FROM contiguity_unit u WHERE u.layer = layer_name AND u.kind = contiguity_split.kind
    AND u.patches = 0;
END
$$;

-- the fresh pieces of one kind (new, not carried: unlabelled) grouped and joined to the patches
-- within the gap, and the carried pieces' patches joined to those their new shapes reach. The fresh
-- pieces are named, not found by their missing label: an index of unlabelled pieces keeps the entries
-- of every piece labelled since (no autovacuum here), and walking them cost 10–35 ms a write at a
-- million parcels.
CREATE FUNCTION contiguity_join(layer_name text, kind text, fresh bigint[], carried bigint[])
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  gap double precision := (SELECT gap_m FROM contiguity_setting);
  fresh_ids bigint[];
  fresh_groups bigint[];
  link_a bigint[] := '{}';
  link_b bigint[] := '{}';
  labelled boolean;
BEGIN
  IF kind NOT IN ('district', 'cluster') THEN
    RAISE EXCEPTION 'contiguity_join: kind %', kind;
  END IF;
  IF cardinality(fresh) = 0 AND cardinality(carried) = 0 THEN
    RETURN;
  END IF;
  -- the fresh pieces in groups of their own (a group's id: its smallest piece id)
  fresh_ids := '{}';
  fresh_groups := '{}';
  IF cardinality(fresh) > 0 THEN
    EXECUTE format($q$
      SELECT coalesce(array_agg(id ORDER BY id), '{}'), coalesce(array_agg(grp ORDER BY id), '{}')
      FROM (
        SELECT id, min(id) OVER (PARTITION BY unit, cid) AS grp
        FROM (
          SELECT f.id, f.%1$I AS unit,
                 ST_ClusterDBSCAN(f.geom, eps := $2, minpoints := 1) OVER (PARTITION BY f.%1$I) AS cid
          FROM contiguity_piece f WHERE f.id IN (SELECT unnest($1))) c) g
    $q$, kind) INTO fresh_ids, fresh_groups USING fresh, gap;
  END IF;
  -- the links: a fresh group to each patch within the gap of one of its pieces; a carried piece's
  -- patch to each other patch within the gap of its new shape (none while nothing of the layer is
  -- labelled: a load into an empty layer, where looking would probe the index once a piece for nothing)
  EXECUTE format('SELECT EXISTS (SELECT 1 FROM contiguity_piece WHERE %1$I IS NOT NULL AND layer = $1)',
                 kind || '_patch') INTO labelled USING layer_name;
  IF labelled THEN
    EXECUTE format($q$
      SELECT coalesce(array_agg(a), '{}'), coalesce(array_agg(b), '{}')
      FROM (
        SELECT f.grp AS a, n.label AS b
        FROM unnest($2::bigint[], $3::bigint[]) f(id, grp)
        JOIN contiguity_piece c ON c.id = f.id
        CROSS JOIN LATERAL (
          SELECT q.%2$I AS label FROM contiguity_piece q
          WHERE ST_DWithin(q.geom, c.geom, $5) AND q.layer = $1 AND q.%1$I = c.%1$I
            AND q.%2$I IS NOT NULL) n
        UNION
        SELECT k.%2$I, n.label
        FROM contiguity_piece k
        CROSS JOIN LATERAL (
          SELECT q.%2$I AS label FROM contiguity_piece q
          WHERE ST_DWithin(q.geom, k.geom, $5) AND q.layer = $1 AND q.%1$I = k.%1$I
            AND q.%2$I IS NOT NULL AND q.%2$I <> k.%2$I) n
        WHERE k.id IN (SELECT unnest($4))) l
    $q$, kind, kind || '_patch')
    INTO link_a, link_b USING layer_name, fresh_ids, fresh_groups, carried, gap;
  END IF;
  IF cardinality(fresh_ids) = 0 AND cardinality(link_a) = 0 THEN
    RETURN; -- carried pieces that reach no other patch: nothing joins
  END IF;
  IF cardinality(link_a) > 1000 THEN
    PERFORM contiguity_recluster(layer_name, kind, ARRAY(SELECT DISTINCT unnest(link_a || link_b)),
                                 fresh_ids);
    RETURN;
  END IF;
  -- what joins (the closure of the links), the largest patch of each whole as its label; the
  -- pieces relabelled, the patches' and units' figures moved
  EXECUTE format($q$
    WITH RECURSIVE
    link AS (
      SELECT a, b FROM unnest($2::bigint[], $3::bigint[]) l(a, b)
      UNION SELECT b, a FROM unnest($2::bigint[], $3::bigint[]) l(a, b)
    ),
    reach (node, other) AS (
      SELECT a, a FROM link
      UNION
      SELECT r.node, l.b FROM reach r JOIN link l ON l.a = r.other
    ),
    whole AS (
      SELECT node, min(other) AS whole FROM reach GROUP BY node
    ),
    target AS (
      SELECT DISTINCT ON (w.whole) w.whole, w.node AS target
      FROM whole w JOIN contiguity_patch p ON p.kind = %3$L AND p.patch = w.node
      ORDER BY w.whole, p.pieces DESC, w.node
    ),
    moves AS MATERIALIZED (
      SELECT w.node, t.target FROM whole w JOIN target t USING (whole) WHERE w.node <> t.target
    ),
    fresh AS MATERIALIZED (
      SELECT f.id, f.grp, c.%1$I AS unit, c.m2, coalesce(m.target, f.grp) AS patch,
             m.node IS NULL AS alone
      FROM unnest($4::bigint[], $5::bigint[]) f(id, grp)
      JOIN contiguity_piece c ON c.id = f.id
      LEFT JOIN moves m ON m.node = f.grp
    ),
    merged AS MATERIALIZED (
      SELECT p.patch, p.unit, p.pieces, p.m2, m.target
      FROM contiguity_patch p JOIN moves m ON m.node = p.patch WHERE p.kind = %3$L
    ),
    relabelled AS (
      UPDATE contiguity_piece c SET %2$I = m.target FROM merged m WHERE c.%2$I = m.patch
    ),
    labelled AS (
      UPDATE contiguity_piece c SET %2$I = f.patch FROM fresh f WHERE c.id = f.id
    ),
    dropped AS (
      DELETE FROM contiguity_patch p USING merged m WHERE p.kind = %3$L AND p.patch = m.patch
    ),
    grown AS (
      INSERT INTO contiguity_patch AS p (kind, patch, layer, unit, pieces, m2)
      SELECT %3$L, patch, $1, unit, sum(pieces), sum(m2)
      FROM (SELECT target AS patch, unit, pieces, m2 FROM merged
            UNION ALL SELECT patch, unit, 1, m2 FROM fresh) a
      GROUP BY patch, unit
      ON CONFLICT (kind, patch) DO UPDATE
        SET pieces = p.pieces + excluded.pieces, m2 = p.m2 + excluded.m2
    )
    INSERT INTO contiguity_unit AS u (layer, kind, unit, patches, pieces, m2)
    SELECT $1, %3$L, unit, sum(patches), sum(pieces), sum(m2)
    FROM (SELECT unit, -1::bigint AS patches, 0::bigint AS pieces, 0::numeric AS m2 FROM merged
          UNION ALL SELECT unit, 0, 1, m2::numeric FROM fresh
          UNION ALL SELECT unit, count(DISTINCT grp), 0, 0 FROM fresh WHERE alone GROUP BY unit) d
    GROUP BY unit ORDER BY unit
    ON CONFLICT (layer, kind, unit) DO UPDATE
      SET patches = u.patches + excluded.patches, pieces = u.pieces + excluded.pieces,
          m2 = u.m2 + excluded.m2
  $q$, kind, kind || '_patch', kind)
  USING layer_name, link_a, link_b, fresh_ids, fresh_groups;
END
$$;

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
    -- many features at once: V51's way (see the top of this file)
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
  PERFORM contiguity_split(layer_name, 'district', district_stale);
  PERFORM contiguity_split(layer_name, 'cluster', cluster_stale);
  PERFORM contiguity_join(layer_name, 'district',
                          ARRAY(SELECT unnest(new_ids) EXCEPT SELECT unnest(district_carried)),
                          district_carried);
  PERFORM contiguity_join(layer_name, 'cluster',
                          ARRAY(SELECT unnest(new_ids) EXCEPT SELECT unnest(cluster_carried)),
                          cluster_carried);
  RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION contiguity_recluster(text, text, bigint[], bigint[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION contiguity_carry(text, text, bigint[], bigint[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION contiguity_split(text, text, bigint[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION contiguity_join(text, text, bigint[], bigint[]) FROM PUBLIC;

-- no statement looks pieces up by a missing label any more
DROP INDEX contiguity_piece_district_new_idx;
DROP INDEX contiguity_piece_cluster_new_idx;

SELECT pin_search_paths();
