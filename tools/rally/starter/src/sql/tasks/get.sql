SELECT id, title, done FROM tasks WHERE id = :id
