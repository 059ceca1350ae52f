DELETE FROM change_set WHERE id = :cs AND status = 'DRAFT'
