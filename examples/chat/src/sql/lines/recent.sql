-- The room's last 50 lines, newest first (the page shows them oldest first).
SELECT id, author, text FROM lines WHERE room = :room ORDER BY id DESC LIMIT 50
