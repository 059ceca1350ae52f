UPDATE app_user SET enabled = :enabled WHERE username = :username
