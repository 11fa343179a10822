-- "remove", not "delete": the file name becomes a C++ function name.
DELETE FROM todos WHERE id = :id AND user_id = :user_id
