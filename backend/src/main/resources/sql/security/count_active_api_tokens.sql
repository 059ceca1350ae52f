SELECT count(*) FROM api_token
WHERE username = :username AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > :now)
