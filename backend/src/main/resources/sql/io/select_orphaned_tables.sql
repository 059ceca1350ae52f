-- The staging and scratch tables nothing will finish: an import's not yet named after its job (a
-- crash while the file was read), an import's whose job is no longer staged (or is not there), and
-- an export's (a crash while the file was written). They live in the schema of scratch tables (V14).
SELECT t.tablename
FROM pg_tables t
LEFT JOIN import_job j ON j.id = CAST(substring(t.tablename FROM '^import_([0-9]{1,18})(_shapes)?$') AS bigint)
WHERE t.schemaname = current_schema() || '_import'
  AND (t.tablename ~ '^import_s[0-9a-f]{16}(_shapes)?$'
       OR t.tablename ~ '^export_[0-9a-f]{16}$'
       OR (t.tablename ~ '^import_[0-9]{1,18}(_shapes)?$' AND (j.id IS NULL OR j.status <> 'STAGED')))
ORDER BY t.tablename
