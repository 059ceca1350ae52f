-- An import's report: its rows, errors (JSON) and summary (JSON).
UPDATE indicator_import
SET rows = :rows, errors = CAST(:errors AS jsonb), summary = CAST(:summary AS jsonb)
WHERE id = :id
