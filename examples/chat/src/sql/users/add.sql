INSERT INTO users (name, password_hash, created_at) VALUES (:name, :password_hash, :created_at)
