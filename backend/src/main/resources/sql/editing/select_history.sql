-- Every version of a feature, newest first: the current row (if the feature still exists) and the
-- kept versions, each with the change set that wrote it and, for kept ones, the one that ended it.
SELECT v.version, v.valid_from, v.valid_to, v.ended_by, v.ended_by_change_set_id, v.area_m2,
       c.id AS change_set_id, c.author, c.reason, c.document_number, c.committed_at
FROM (SELECT t.version, t.updated_at AS valid_from, NULL::timestamptz AS valid_to, NULL::text AS ended_by,
             NULL::bigint AS ended_by_change_set_id, t.area_m2, t.change_set_id
      FROM /*table*/ t WHERE t.id = :id
      UNION ALL
      SELECT h.version, h.valid_from, h.valid_to, h.ended_by, h.ended_by_change_set_id,
             (h.properties ->> 'area_m2')::float8, h.change_set_id
      FROM feature_history h WHERE h.layer = :layer AND h.feature_id = :id) v
JOIN change_set c ON c.id = v.change_set_id
ORDER BY v.version DESC
