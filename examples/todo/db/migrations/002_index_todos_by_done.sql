-- A second migration, so the example shows them running in order on an existing database.
CREATE INDEX todos_by_done ON todos (done, id);
