SELECT id, username, name, created_at, last_used_at, expires_at, revoked_at, revoked_by
FROM api_token
WHERE id = :id
