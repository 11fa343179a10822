-- Each todo belongs to the user who added it. Todos from before accounts existed are kept, owned
-- by user 0 (nobody): no account sees them, and nothing is lost.
ALTER TABLE todos ADD COLUMN user_id INTEGER NOT NULL DEFAULT 0;
CREATE INDEX todos_by_user ON todos (user_id, id);
