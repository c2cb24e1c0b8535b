# expect: design:praise-parameterized-sql@1
"""Customer storage with every value passed as a parameter."""
import sqlite3

SCHEMA = "CREATE TABLE IF NOT EXISTS customers (id INTEGER PRIMARY KEY, email TEXT, name TEXT)"


class CustomerStore:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def create_schema(self):
        self.conn.execute(SCHEMA)

    def add(self, email, name):
        cursor = self.conn.execute(
            "INSERT INTO customers (email, name) VALUES (?, ?)", (email, name)
        )
        return cursor.lastrowid

    def by_email(self, email):
        query = "SELECT id, email, name FROM customers WHERE email = :email"
        return self.conn.execute(query, {"email": email}).fetchone()

    def rename(self, customer_id, name):
        self.conn.execute("UPDATE customers SET name = ? WHERE id = ?", (name, customer_id))
