-- Accounts. The name is what the rooms show beside each line: unique whatever its case. The
-- password is an argon2id PHC string (rally::auth::hash_password), never the password itself.
CREATE TABLE users (
  id INTEGER PRIMARY KEY NOT NULL,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(CAST(name AS BLOB)) BETWEEN 1 AND 40),
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
