-- Bulk path: locks the features a draft changes, in id order (no deadlocks), and lists those whose
-- version moved on since the draft was made (or that are gone).
WITH locked AS MATERIALIZED (
  SELECT t.id, t.version FROM /*table*/ t
  WHERE t.id IN (SELECT feature_id FROM change_set_edit WHERE change_set_id = :cs AND action = 'UPDATE')
  ORDER BY t.id
  FOR UPDATE OF t)
SELECT e.feature_id, e.base_version, l.version AS current_version
FROM change_set_edit e
LEFT JOIN locked l ON l.id = e.feature_id
WHERE e.change_set_id = :cs AND e.action = 'UPDATE' AND (l.id IS NULL OR l.version <> e.base_version)
ORDER BY e.feature_id
LIMIT 100
