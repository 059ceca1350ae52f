-- A feature someone changed since a version: its code and district (now, or as last kept) and the
-- change sets that wrote its later versions or deleted it, newest first: who, when, why.
WITH kept AS (
  SELECT h.version, h.change_set_id, h.ended_by, h.ended_by_change_set_id, h.properties
  FROM feature_history h WHERE h.layer = :layer AND h.feature_id = :id
), now AS (
  SELECT t.version, t.change_set_id, t.code, /*district*/ AS district_code
  FROM /*table*/ t WHERE t.id = :id
), writes AS (
  SELECT version, change_set_id, 'UPDATE' AS kind FROM now
  UNION ALL SELECT version, change_set_id, 'UPDATE' FROM kept
  UNION ALL SELECT version + 1, ended_by_change_set_id, 'DELETE' FROM kept WHERE ended_by = 'DELETE'
), facts AS (
  SELECT coalesce((SELECT code FROM now),
                  (SELECT properties ->> 'code' FROM kept ORDER BY version DESC LIMIT 1)) AS code,
         coalesce((SELECT district_code::text FROM now),
                  (SELECT properties ->> 'district_code' FROM kept ORDER BY version DESC LIMIT 1))
           AS district_code
)
SELECT f.code, d.name AS district, w.version, w.kind, c.id AS change_set_id, c.author,
       u.display_name, c.committed_at, c.reason, c.document_number
FROM facts f
LEFT JOIN district d ON d.code = f.district_code
LEFT JOIN writes w ON w.version > :base
LEFT JOIN change_set c ON c.id = w.change_set_id
LEFT JOIN app_user u ON u.username = c.author
ORDER BY w.version DESC NULLS LAST
LIMIT 10
