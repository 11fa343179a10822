SELECT id, title, done FROM todos WHERE user_id = :user_id ORDER BY id
