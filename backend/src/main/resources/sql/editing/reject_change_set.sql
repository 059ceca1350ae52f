UPDATE change_set
SET status = 'REJECTED', reviewed_by = :reviewer, reviewed_at = now(), review_comment = :comment
WHERE id = :cs AND status = 'PROPOSED'
