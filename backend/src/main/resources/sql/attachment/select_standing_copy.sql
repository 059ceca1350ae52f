-- The attachment of the same file on the same target that stands (not withdrawn), if any.
SELECT id FROM attachment
WHERE sha256 = :sha256 AND withdrawn_at IS NULL
  AND ((:change_set_id::bigint IS NOT NULL AND change_set_id = :change_set_id::bigint)
       OR (:layer::text IS NOT NULL AND layer = :layer::text AND feature_id = :feature_id::bigint))
