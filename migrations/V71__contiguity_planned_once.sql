-- The contiguity labels of a small write kept by statements planned once a session, not at every
-- call (issue 17: a one-parcel edit at a million parcels).
--
-- contiguity_carry and contiguity_join (V54) take the kind of unit (district, cluster) as an
-- argument and build their statements for its columns by format() and EXECUTE: each call parsed
-- and planned its statements afresh. A one-parcel PUT at 1,000,000 parcels spent 10-15 ms in the
-- parcel table's contiguity trigger (auto_explain with log_triggers, ten PUTs), of an UPDATE of
-- 14-25 ms, and the trigger calls them four times (carry and join, for both kinds), with one to three
-- statements each. For the carry's statement alone, in psql: parsing 0.5-0.65 ms, planning
-- 0.9-1.8 ms, executing 0.7-1.4 ms.
--
-- Now each kind has its own carry and join (contiguity_carry_district, contiguity_join_cluster, …),
-- made below from one text each, with the kind's columns written in: their statements are static,
-- parsed once a session, and planned once (plan_cache_mode = force_generic_plan, for these
-- functions only: their statements' costs hardly depend on the arrays' values, a few pieces each,
-- at most 500 features, as the trigger sends larger writes to contiguity_recluster). contiguity_carry
-- and contiguity_join stay, with the same arguments, and hand over to the kind's function: the
-- trigger (V68) and every caller are unchanged, and so is what is computed.

DO $v71$
DECLARE
  kind text;
BEGIN
  FOREACH kind IN ARRAY ARRAY['district', 'cluster'] LOOP
    -- the carried pieces of the kind: they take their old pieces' labels; answers the stale labels
    -- (old pieces not carried) and the carried new pieces (V54's contiguity_carry)
    EXECUTE format($fn$
      CREATE FUNCTION contiguity_carry_%1$s(layer_name text, old_ids bigint[], new_ids bigint[],
                                             OUT stale bigint[], OUT carried bigint[])
      LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT
      SET plan_cache_mode = force_generic_plan AS $body$
      DECLARE
        gap double precision := (SELECT gap_m FROM contiguity_setting);
      BEGIN
        stale := '{}';
        carried := '{}';
        IF cardinality(old_ids) = 0 THEN
          RETURN;
        END IF;
        WITH old AS MATERIALIZED (
          SELECT o.id, o.feature_id, o.%1$I AS unit, o.%2$I AS label, o.geom, o.m2
          FROM contiguity_piece o WHERE o.id IN (SELECT unnest(old_ids))
        ),
        new AS MATERIALIZED (
          SELECT n.id, n.feature_id, n.%1$I AS unit, n.geom, n.m2
          FROM contiguity_piece n WHERE n.id IN (SELECT unnest(new_ids))
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
            WHERE ST_DWithin(q.geom, p.old_geom, gap) AND q.layer = layer_name AND q.%1$I = p.unit
              AND q.%2$I IS NOT NULL AND q.id <> p.old_id) q
          LEFT JOIN old qo ON qo.id = q.id
          LEFT JOIN pair qp ON qp.old_id = q.id
          WHERE CASE WHEN qo.id IS NULL THEN NOT ST_DWithin(q.geom, p.new_geom, gap)
                     ELSE qp.old_id IS NULL OR NOT ST_DWithin(qp.new_geom, p.new_geom, gap) END
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
          WHERE u.layer = layer_name AND u.kind = %3$L AND u.unit = d.unit AND d.delta <> 0
        )
        SELECT ARRAY(SELECT DISTINCT o.label FROM old o
                     WHERE NOT EXISTS (SELECT 1 FROM kept k WHERE k.old_id = o.id)),
               ARRAY(SELECT k.new_id FROM kept k)
        INTO stale, carried;
      END
      $body$
    $fn$, kind, kind || '_patch', kind);

    -- the fresh pieces of the kind grouped among themselves and joined to the patches within the
    -- gap, and the carried pieces' patches joined to those their new shapes reach (V54's
    -- contiguity_join)
    EXECUTE format($fn$
      CREATE FUNCTION contiguity_join_%1$s(layer_name text, fresh_pieces bigint[],
                                            carried_pieces bigint[])
      RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT
      SET plan_cache_mode = force_generic_plan AS $body$
      DECLARE
        gap double precision := (SELECT gap_m FROM contiguity_setting);
        fresh_ids bigint[] := '{}';
        fresh_groups bigint[] := '{}';
        link_a bigint[] := '{}';
        link_b bigint[] := '{}';
        any_labelled boolean;
      BEGIN
        IF cardinality(fresh_pieces) = 0 AND cardinality(carried_pieces) = 0 THEN
          RETURN;
        END IF;
        -- the fresh pieces in groups of their own (a group's id: its smallest piece id)
        IF cardinality(fresh_pieces) > 0 THEN
          SELECT coalesce(array_agg(id ORDER BY id), '{}'), coalesce(array_agg(grp ORDER BY id), '{}')
          INTO fresh_ids, fresh_groups
          FROM (
            SELECT id, min(id) OVER (PARTITION BY unit, cid) AS grp
            FROM (
              SELECT f.id, f.%1$I AS unit,
                     ST_ClusterDBSCAN(f.geom, eps := gap, minpoints := 1) OVER (PARTITION BY f.%1$I) AS cid
              FROM contiguity_piece f WHERE f.id IN (SELECT unnest(fresh_pieces))) c) g;
        END IF;
        -- the links: a fresh group to each patch within the gap of one of its pieces; a carried
        -- piece's patch to each other patch within the gap of its new shape (none while nothing of
        -- the layer is labelled: a load into an empty layer, where looking would probe the index
        -- once a piece for nothing)
        any_labelled := EXISTS (SELECT 1 FROM contiguity_piece WHERE %2$I IS NOT NULL AND layer = layer_name);
        IF any_labelled THEN
          SELECT coalesce(array_agg(a), '{}'), coalesce(array_agg(b), '{}')
          INTO link_a, link_b
          FROM (
            SELECT f.grp AS a, n.label AS b
            FROM unnest(fresh_ids, fresh_groups) f(id, grp)
            JOIN contiguity_piece c ON c.id = f.id
            CROSS JOIN LATERAL (
              SELECT q.%2$I AS label FROM contiguity_piece q
              WHERE ST_DWithin(q.geom, c.geom, gap) AND q.layer = layer_name AND q.%1$I = c.%1$I
                AND q.%2$I IS NOT NULL) n
            UNION
            SELECT k.%2$I, n.label
            FROM contiguity_piece k
            CROSS JOIN LATERAL (
              SELECT q.%2$I AS label FROM contiguity_piece q
              WHERE ST_DWithin(q.geom, k.geom, gap) AND q.layer = layer_name AND q.%1$I = k.%1$I
                AND q.%2$I IS NOT NULL AND q.%2$I <> k.%2$I) n
            WHERE k.id IN (SELECT unnest(carried_pieces))) l;
        END IF;
        IF cardinality(fresh_ids) = 0 AND cardinality(link_a) = 0 THEN
          RETURN; -- carried pieces that reach no other patch: nothing joins
        END IF;
        IF cardinality(link_a) > 1000 THEN
          PERFORM contiguity_recluster(layer_name, %3$L, ARRAY(SELECT DISTINCT unnest(link_a || link_b)),
                                       fresh_ids);
          RETURN;
        END IF;
        -- what joins (the closure of the links), the largest patch of each whole as its label; the
        -- pieces relabelled, the patches' and units' figures moved
        WITH RECURSIVE
        link AS (
          SELECT a, b FROM unnest(link_a, link_b) l(a, b)
          UNION SELECT b, a FROM unnest(link_a, link_b) l(a, b)
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
          FROM unnest(fresh_ids, fresh_groups) f(id, grp)
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
          SELECT %3$L, patch, layer_name, unit, sum(pieces), sum(m2)
          FROM (SELECT target AS patch, unit, pieces, m2 FROM merged
                UNION ALL SELECT patch, unit, 1, m2 FROM fresh) a
          GROUP BY patch, unit
          ON CONFLICT (kind, patch) DO UPDATE
            SET pieces = p.pieces + excluded.pieces, m2 = p.m2 + excluded.m2
        )
        INSERT INTO contiguity_unit AS u (layer, kind, unit, patches, pieces, m2)
        SELECT layer_name, %3$L, unit, sum(patches), sum(pieces), sum(m2)
        FROM (SELECT unit, -1::bigint AS patches, 0::bigint AS pieces, 0::numeric AS m2 FROM merged
              UNION ALL SELECT unit, 0, 1, m2::numeric FROM fresh
              UNION ALL SELECT unit, count(DISTINCT grp), 0, 0 FROM fresh WHERE alone GROUP BY unit) d
        GROUP BY unit ORDER BY unit
        ON CONFLICT (layer, kind, unit) DO UPDATE
          SET patches = u.patches + excluded.patches, pieces = u.pieces + excluded.pieces,
              m2 = u.m2 + excluded.m2;
      END
      $body$
    $fn$, kind, kind || '_patch', kind);

    EXECUTE format('REVOKE ALL ON FUNCTION contiguity_carry_%s(text, bigint[], bigint[]) FROM PUBLIC', kind);
    EXECUTE format('REVOKE ALL ON FUNCTION contiguity_join_%s(text, bigint[], bigint[]) FROM PUBLIC', kind);
  END LOOP;
END
$v71$;

-- the kind's own function, with V54's arguments
CREATE OR REPLACE FUNCTION contiguity_carry(layer_name text, kind text, old_ids bigint[], new_ids bigint[],
                                            OUT stale bigint[], OUT carried bigint[])
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  CASE kind
    WHEN 'district' THEN
      SELECT c.stale, c.carried INTO stale, carried
      FROM contiguity_carry_district(layer_name, old_ids, new_ids) c;
    WHEN 'cluster' THEN
      SELECT c.stale, c.carried INTO stale, carried
      FROM contiguity_carry_cluster(layer_name, old_ids, new_ids) c;
    ELSE
      RAISE EXCEPTION 'contiguity_carry: kind %', kind;
  END CASE;
END
$$;

CREATE OR REPLACE FUNCTION contiguity_join(layer_name text, kind text, fresh bigint[], carried bigint[])
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  CASE kind
    WHEN 'district' THEN
      PERFORM contiguity_join_district(layer_name, fresh, carried);
    WHEN 'cluster' THEN
      PERFORM contiguity_join_cluster(layer_name, fresh, carried);
    ELSE
      RAISE EXCEPTION 'contiguity_join: kind %', kind;
  END CASE;
END
$$;

SELECT pin_search_paths();
