SELECT id, name FROM users WHERE id = ?2
