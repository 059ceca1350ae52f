-- One attachment, without its content.
SELECT id, change_set_id, layer, feature_id, file_name, media_type, size_bytes, encode(sha256, 'hex') AS sha256,
       note, uploaded_by, uploaded_at, withdrawn_at, withdrawn_by, withdrawal_reason
FROM attachment
WHERE id = :id
