-- The clusters a change set touches (issue 17): those its edits' shapes, new and old, meet.
--
-- The preview's query went from the clusters into the shapes: for each of the 54 clusters, an EXISTS
-- over feature_history through its GiST index, filtering on ended_by_change_set_id. At 1,000,000
-- parcels after four imports (400,000 versions), that read every version in every cluster's box for
-- a one-polygon edit: 90 % of a PUT's 151–207 ms. ANALYZE did not change the plan.
--
-- Now it starts from the change set's own rows, each found by a B-tree: its edits (change_set_edit's
-- primary key leads with change_set_id) and the versions it ended (feature_history_ended_by_idx);
-- their shapes are materialized, then each is looked up among the clusters (GiST, 54 rows). The
-- order is fixed by the CTEs, not by statistics (this PostgreSQL may run without autovacuum). The
-- statement is planned for the change set at hand (dynamic SQL with the id bound, as V4's
-- containment check): a plan made for any change set took the one import that statistics last saw
-- (100,000 edits) for every change set and read change_set_edit whole. And no JIT: knowing nothing
-- of a change set's size, the planner may guess thousands of shapes and compile for longer than
-- the query runs.
CREATE FUNCTION change_set_clusters(cs bigint)
  RETURNS TABLE (id bigint, code text, name text, name_en text)
LANGUAGE plpgsql STABLE SET search_path FROM CURRENT SET jit = off AS $$
BEGIN
  RETURN QUERY EXECUTE '
    WITH shapes AS MATERIALIZED (
      SELECT e.geom FROM change_set_edit e WHERE e.change_set_id = $1 AND e.geom IS NOT NULL
      UNION ALL
      SELECT h.geom FROM feature_history h WHERE h.ended_by_change_set_id = $1
    ),
    touched AS MATERIALIZED (
      SELECT DISTINCT m.id
      FROM shapes s
      CROSS JOIN LATERAL (SELECT c.id FROM industrial_cluster c
                          WHERE c.geom && s.geom AND ST_Intersects(s.geom, c.geom)) m
    )
    SELECT c.id, c.code, c.name, c.name_en
    FROM industrial_cluster c
    WHERE c.id IN (SELECT t.id FROM touched t)'
  USING cs;
END
$$;
