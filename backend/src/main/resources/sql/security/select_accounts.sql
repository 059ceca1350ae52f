SELECT username, display_name, role, district_code, enabled, created_at
FROM app_user
ORDER BY username
LIMIT :limit OFFSET :offset
