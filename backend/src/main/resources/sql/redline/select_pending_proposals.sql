-- One district's proposals waiting for the bureau (PROPOSED change sets), oldest first, at most
-- :limit: each with what its red-line edits would change (ellipsoidal m², as in
-- select_pending_red_line.sql: the shapes written less the red line replaced or deleted).
SELECT c.id, c.author, c.reason, c.document_number, c.submitted_at,
       (SELECT count(*) FROM change_set_edit e WHERE e.change_set_id = c.id) AS edits,
       coalesce((SELECT sum(coalesce(CASE WHEN e.geom IS NOT NULL THEN ST_Area(e.geom::geography) END, 0)
                            - coalesce(CASE WHEN e.action = 'DELETE' OR (e.action = 'UPDATE' AND e.geom IS NOT NULL)
                                            THEN r.area_m2 END, 0))
                 FROM change_set_edit e LEFT JOIN red_line r ON r.id = e.feature_id
                 WHERE e.change_set_id = c.id AND e.layer = 'red_line'), 0) AS delta_m2
FROM change_set c
WHERE c.status = 'PROPOSED' AND c.district_code = :code
ORDER BY c.submitted_at, c.id
LIMIT :limit
