# expect: design:constructs-collaborator@10, design:constructs-collaborator@24
"""A checkout service that builds its own database connection and payment client."""
import sqlite3

from payments import StripeGateway


class CheckoutService:
    def __init__(self, db_path):
        self.conn = sqlite3.connect(db_path)
        self.gateway = StripeGateway(api_key="sk_test_123")
        self.fee_percent = 2

    def checkout(self, cart_id):
        total = self.conn.execute(
            "SELECT SUM(price) FROM cart_lines WHERE cart_id = ?", (cart_id,)
        ).fetchone()[0]
        return self.gateway.charge(total * (100 + self.fee_percent) // 100)


class ReportService:
    def __init__(self, repository=None):
        self.repository = repository or OrderRepository()
        self.notifications = EmailNotifier()

    def send_daily(self):
        self.notifications.send(self.repository.totals())


class OrderRepository:
    def totals(self):
        return {}


class EmailNotifier:
    def send(self, payload):
        return payload
