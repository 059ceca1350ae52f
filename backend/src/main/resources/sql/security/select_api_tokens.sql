-- Tokens, newest first: the owner's (null: everyone's, which row-level security shows to an
-- administrator only; an owner sees their own). Never the digest.
SELECT id, username, name, created_at, last_used_at, expires_at, revoked_at, revoked_by
FROM api_token
WHERE (CAST(:username AS text) IS NULL OR username = CAST(:username AS text))
ORDER BY id DESC
LIMIT :limit OFFSET :offset
