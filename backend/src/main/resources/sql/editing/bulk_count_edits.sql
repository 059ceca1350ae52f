-- Bulk path: a draft's edits by action, their area (ellipsoidal, mu), their layer, and whether it is
-- previewed on a copy (V28).
SELECT count(*) FILTER (WHERE action = 'CREATE') AS creates,
       count(*) FILTER (WHERE action = 'UPDATE') AS updates,
       coalesce(sum(ST_Area(geom::geography)), 0) * 0.0015 AS area_mu,
       min(layer) AS layer,
       coalesce(staged_preview(min(layer)), false) AS staged
FROM change_set_edit
WHERE change_set_id = :cs
