-- A staged import's row, locked until the transaction ends (its mapping, commit and discard wait for
-- each other), with its change set.
SELECT change_set_id FROM import_job WHERE id = :id AND status = 'STAGED' FOR UPDATE
