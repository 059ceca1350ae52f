-- The clusters a change set touches: those its edits' shapes (new and old) meet.
SELECT DISTINCT c.id, c.code, c.name, c.name_en
FROM industrial_cluster c
WHERE EXISTS (SELECT 1 FROM change_set_edit e WHERE e.change_set_id = :cs AND e.geom && c.geom
                AND ST_Intersects(e.geom, c.geom))
   OR EXISTS (SELECT 1 FROM feature_history h WHERE h.ended_by_change_set_id = :cs AND h.geom && c.geom
                AND ST_Intersects(h.geom, c.geom))
ORDER BY c.code
