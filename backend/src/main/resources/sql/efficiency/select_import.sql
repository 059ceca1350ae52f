-- An import's report and status.
SELECT id, year, file_name, status, rows, jsonb_array_length(errors) = 0 AS valid,
       errors::text AS errors, summary::text AS summary, created_by, created_at,
       committed_by, committed_at
FROM indicator_import
WHERE id = :id
