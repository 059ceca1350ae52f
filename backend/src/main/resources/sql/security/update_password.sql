UPDATE app_user SET password_hash = :password_hash WHERE username = :username
