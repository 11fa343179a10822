-- What was said in each room. Rooms are numbers: a room exists as soon as someone speaks in it.
CREATE TABLE lines (
  id INTEGER PRIMARY KEY NOT NULL,
  room INTEGER NOT NULL,
  author TEXT NOT NULL CHECK (length(author) BETWEEN 1 AND 40),
  text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 500)
);
CREATE INDEX lines_by_room ON lines (room, id);
