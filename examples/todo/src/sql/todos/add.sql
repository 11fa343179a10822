INSERT INTO todos (title, user_id) VALUES (:title, :user_id)
