-- The attachments of a change set or of a feature, newest first, without their content.
SELECT id, change_set_id, layer, feature_id, file_name, media_type, size_bytes, encode(sha256, 'hex') AS sha256,
       note, uploaded_by, uploaded_at, withdrawn_at, withdrawn_by, withdrawal_reason
FROM attachment
WHERE (:change_set_id::bigint IS NOT NULL AND change_set_id = :change_set_id::bigint)
   OR (:layer::text IS NOT NULL AND layer = :layer::text AND feature_id = :feature_id::bigint)
ORDER BY id DESC
LIMIT :lim OFFSET :off
