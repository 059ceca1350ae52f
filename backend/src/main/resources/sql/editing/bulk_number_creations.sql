-- Bulk path: gives every CREATE edit of a change set the id its feature will have.
UPDATE change_set_edit
SET feature_id = nextval(pg_get_serial_sequence(:table, 'id'))
WHERE change_set_id = :cs AND action = 'CREATE'
