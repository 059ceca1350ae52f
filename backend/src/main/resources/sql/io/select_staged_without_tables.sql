-- Staged imports whose staging tables are gone (dropped by hand, or a database restored without
-- them): nothing can preview or commit them any more.
SELECT j.id, j.author
FROM import_job j
WHERE j.status = 'STAGED'
  AND (to_regclass(format('%I.%I', current_schema() || '_import', 'import_' || j.id)) IS NULL
       OR to_regclass(format('%I.%I', current_schema() || '_import', 'import_' || j.id || '_shapes')) IS NULL)
ORDER BY j.id
