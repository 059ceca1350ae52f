UPDATE change_set_edit SET feature_id = :feature_id WHERE change_set_id = :cs AND seq = :seq
