-- Locks the features a change set changes, in id order (no deadlocks), and reads their versions.
SELECT id, version FROM /*table*/ WHERE id = ANY (CAST(:ids AS bigint[])) ORDER BY id FOR UPDATE
