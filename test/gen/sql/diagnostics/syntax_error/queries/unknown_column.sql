SELECT id, nmae FROM users
