SELECT id, title, done FROM todos WHERE id = :id AND user_id = :user_id
