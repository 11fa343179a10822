-- The todo list. NOT NULL on every column keeps the generated row fields plain (not std::optional).
CREATE TABLE todos (
  id INTEGER PRIMARY KEY NOT NULL,
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1))
);
