-- An import discarded.
UPDATE indicator_import SET status = 'DISCARDED' WHERE id = :id
