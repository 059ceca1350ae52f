-- Bulk path: a draft's edits by action, their area (ellipsoidal, mu) and their layer.
SELECT count(*) FILTER (WHERE action = 'CREATE') AS creates,
       count(*) FILTER (WHERE action = 'UPDATE') AS updates,
       coalesce(sum(ST_Area(geom::geography)), 0) * 0.0015 AS area_mu,
       min(layer) AS layer
FROM change_set_edit
WHERE change_set_id = :cs
