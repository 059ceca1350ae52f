UPDATE change_set SET status = 'PROPOSED', submitted_at = now() WHERE id = :cs AND status = 'DRAFT'
