SELECT id, title, done FROM tasks ORDER BY id
