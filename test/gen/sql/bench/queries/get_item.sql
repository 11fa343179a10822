SELECT id, title, price, qty FROM items WHERE id = :id
