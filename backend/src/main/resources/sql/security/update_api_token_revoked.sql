-- Revokes a token (row-level security: its owner's or an administrator's); the trigger sets the
-- time and who. Nothing when it is not theirs or already revoked.
UPDATE api_token SET revoked_at = now()
WHERE id = :id AND revoked_at IS NULL
  AND (CAST(:username AS text) IS NULL OR username = CAST(:username AS text))
RETURNING id, username, name, created_at, last_used_at, expires_at, revoked_at, revoked_by
