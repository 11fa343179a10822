SELECT id, json_array(id, name) AS pair
FROM users
