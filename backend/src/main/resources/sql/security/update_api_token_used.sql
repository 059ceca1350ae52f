UPDATE api_token SET last_used_at = :at WHERE id = :id AND revoked_at IS NULL
