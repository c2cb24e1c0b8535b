# expect: none
"""Mostly parameterized, but one statement is built with an f-string."""
import sqlite3


class CouponStore:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def add(self, code, percent):
        self.conn.execute("INSERT INTO coupons (code, percent) VALUES (?, ?)", (code, percent))

    def get(self, code):
        return self.conn.execute("SELECT * FROM coupons WHERE code = ?", (code,)).fetchone()

    def search(self, prefix):
        return self.conn.execute(f"SELECT * FROM coupons WHERE code LIKE '{prefix}%'").fetchall()
