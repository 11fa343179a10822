SELECT id FROM users;
  SELECT name FROM users;
