INSERT INTO tasks (title) VALUES (:title)
