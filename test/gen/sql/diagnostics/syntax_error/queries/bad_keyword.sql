SELECT id, name
FROM users
WHER id = :id
