-- An import committed: by whom and when.
UPDATE indicator_import SET status = 'COMMITTED', committed_by = :by, committed_at = now() WHERE id = :id
