SELECT id, title, done FROM todos WHERE id = :id
