-- A disposal case's history, oldest first: each state as written, who wrote it and when.
SELECT h.status, h.state::text AS state, h.written_by, h.written_at
FROM idle_land_case_history h
WHERE h.case_id = :id
ORDER BY h.id
LIMIT 100
