-- Bulk path: how many edits of a draft lie outside a district (new shapes, and the current shapes of
-- the features they change), with the district boundaries' tolerance (0.001°).
SELECT count(*)
FROM change_set_edit e
JOIN district d ON d.code = :district
LEFT JOIN /*table*/ t ON t.id = e.feature_id
WHERE e.change_set_id = :cs
  AND ((e.geom IS NOT NULL AND NOT ST_Covers(d.tolerance_geom, e.geom))
       OR (t.id IS NOT NULL AND NOT ST_Covers(d.tolerance_geom, t.geom)))
