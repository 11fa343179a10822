-- The task list. Migrations run in file-name order when the server starts; never edit one that
-- has run anywhere: add 002_... instead. NOT NULL keeps the generated row fields plain values.
CREATE TABLE tasks (
  id INTEGER PRIMARY KEY NOT NULL,
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1))
);
