-- Staged imports left alone longer than :age: to be discarded (on behalf of their authors).
SELECT id, author FROM import_job
WHERE status = 'STAGED' AND updated_at < now() - CAST(:age AS interval)
