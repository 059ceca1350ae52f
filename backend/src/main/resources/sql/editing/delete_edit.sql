DELETE FROM change_set_edit WHERE change_set_id = :cs AND seq = :seq
