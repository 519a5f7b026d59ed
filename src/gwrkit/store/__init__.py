"""The store: the only place with SQL (SQLite by default, PostgreSQL on request)."""
