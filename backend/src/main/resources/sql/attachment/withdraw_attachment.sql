-- Marks an attachment withdrawn; who and when are the database's (V36).
UPDATE attachment SET withdrawal_reason = :reason, withdrawn_at = now(), withdrawn_by = ''
WHERE id = :id
