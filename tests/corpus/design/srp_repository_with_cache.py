# expect: design:praise-parameterized-sql@1
"""A repository that caches reads: two kinds of infrastructure, one job."""
import sqlite3


class ProductRepository:
    def __init__(self, conn: sqlite3.Connection, cache):
        self.conn = conn
        self.cache = cache

    def get(self, product_id):
        cached = self.cache.get(f"product:{product_id}")
        if cached is not None:
            return cached
        row = self.conn.execute("SELECT * FROM products WHERE id = ?", (product_id,)).fetchone()
        self.cache.set(f"product:{product_id}", row)
        return row

    def rename(self, product_id, name):
        self.conn.execute("UPDATE products SET name = ? WHERE id = ?", (name, product_id))
        self.cache.delete(f"product:{product_id}")
