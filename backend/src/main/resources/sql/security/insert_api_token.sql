INSERT INTO api_token (username, name, secret_sha256, created_at, expires_at)
VALUES (:username, :name, :secret_sha256, :created_at, :expires_at)
RETURNING id, username, name, created_at, last_used_at, expires_at, revoked_at, revoked_by
