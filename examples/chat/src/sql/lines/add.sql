INSERT INTO lines (room, author, text) VALUES (:room, :author, :text)
