SELECT id, password_hash FROM users WHERE name = :name
