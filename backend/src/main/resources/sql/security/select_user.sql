SELECT username, display_name, password_hash, role, district_code, enabled, created_at
FROM app_user
WHERE username = :username
