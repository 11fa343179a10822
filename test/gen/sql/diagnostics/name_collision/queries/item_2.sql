SELECT id FROM items
