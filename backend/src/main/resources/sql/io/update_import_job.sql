UPDATE import_job
SET mapping = CAST(:mapping AS jsonb), repair_invalid = :repair, preview = CAST(:preview AS jsonb),
    updated_at = now()
WHERE id = :id AND status = 'STAGED'
