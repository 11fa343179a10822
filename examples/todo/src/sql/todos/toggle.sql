UPDATE todos SET done = 1 - done WHERE id = :id AND user_id = :user_id
