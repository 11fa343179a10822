SELECT email FROM users WHERE id = :id
