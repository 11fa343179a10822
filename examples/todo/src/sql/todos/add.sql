INSERT INTO todos (title) VALUES (:title)
