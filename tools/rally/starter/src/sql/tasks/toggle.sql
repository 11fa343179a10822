UPDATE tasks SET done = 1 - done WHERE id = :id
