SELECT name FROM users WHERE id = :id
