-- Staged imports left alone longer than :age: to be discarded.
SELECT id FROM import_job
WHERE status = 'STAGED' AND updated_at < now() - CAST(:age AS interval)
