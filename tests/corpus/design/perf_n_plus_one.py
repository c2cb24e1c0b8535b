# expect: design:praise-parameterized-sql@1, design:io-in-loop@16, design:io-in-loop@23, design:io-in-loop@28
"""Order summaries that query once per customer and once per product."""
import requests


class OrderSummary:
    def __init__(self, conn):
        self.conn = conn

    def product(self, product_id):
        return self.conn.execute("SELECT * FROM products WHERE id = ?", (product_id,)).fetchone()

    def for_customers(self, customers):
        summaries = {}
        for customer in customers:
            rows = self.conn.execute(
                "SELECT total FROM orders WHERE customer_id = ?", (customer.id,)
            ).fetchall()
            summaries[customer.id] = sum(row[0] for row in rows)
        return summaries

    def product_names(self, lines):
        return [self.product(line.product_id)["name"] for line in lines]


def exchange_rates(currencies):
    return {
        code: requests.get(f"https://rates.example.com/{code}", timeout=5).json()
        for code in currencies
    }
