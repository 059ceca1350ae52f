-- An import about to be committed, locked: its status, number of errors and year.
SELECT status, jsonb_array_length(errors) AS errors, year FROM indicator_import WHERE id = :id FOR UPDATE
