SELECT code, name FROM district ORDER BY code
