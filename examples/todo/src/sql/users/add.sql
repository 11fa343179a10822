INSERT INTO users (email, password_hash, created_at) VALUES (:email, :password_hash, :created_at)
