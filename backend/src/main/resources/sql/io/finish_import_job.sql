UPDATE import_job SET status = :status, finished_at = now(), updated_at = now()
WHERE id = :id AND status = 'STAGED'
