-- The token with this SHA-256 digest and its account as it is now (V52, with the owner's rights),
-- the connection named for the request's client and for the account if the token is good, or nobody.
SELECT id, expires_at, revoked_at, username, display_name, role, district_code, enabled, named_for
FROM api_token_login(:digest, :client_addr, :user_agent)
