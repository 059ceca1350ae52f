-- The token with this SHA-256 digest and its account as it is now (V24, with the owner's rights).
SELECT id, expires_at, revoked_at, username, display_name, role, district_code, enabled
FROM api_token_account(:digest)
