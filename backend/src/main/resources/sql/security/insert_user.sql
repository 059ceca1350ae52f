INSERT INTO app_user (username, display_name, password_hash, role, district_code)
VALUES (:username, :display_name, :password_hash, :role, :district_code)
