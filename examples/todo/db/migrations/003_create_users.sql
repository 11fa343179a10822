-- Accounts. The email is unique whatever its case; the password is an argon2id PHC string
-- (rally::auth::hash_password), never the password itself.
CREATE TABLE users (
  id INTEGER PRIMARY KEY NOT NULL,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(email) BETWEEN 3 AND 254),
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
