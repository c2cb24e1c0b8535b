"""Order workflow: placing, tracking, cancelling and reporting orders."""
import http.client
import json
import logging
import os
import smtplib
import sqlite3
from datetime import datetime
from email.message import EmailMessage

from orders_api import cache, config
from orders_api.delivery_time import estimate_minutes
from orders_api.models import Order
from orders_api.notifications import EmailNotifier
from orders_api.orders import InvalidTransition, change_status, next_order_number
from orders_api.pricing import calculate_price

logger = logging.getLogger(__name__)


class OrderNotFound(Exception):
    pass


class OrderService:
    def __init__(self):
        self.conn = sqlite3.connect(config.DB_PATH)
        self.conn.row_factory = sqlite3.Row
        self.smtp = smtplib.SMTP(config.SMTP_HOST, config.SMTP_PORT)
        self.kitchen = http.client.HTTPConnection(os.environ.get("KITCHEN_HOST", "kitchen.local"))

    def place_order(self, customer_email, restaurant_id, items, coupon_code=None,
                    payment_type="card", customer_type="regular", tip=0):
        try:
            restaurant = self.conn.execute(
                f"SELECT * FROM restaurants WHERE id = {restaurant_id}"
            ).fetchone()
            order_items = []
            for item in items:
                row = self.conn.execute(
                    "SELECT * FROM menu_items WHERE id = ?", (item["id"],)
                ).fetchone()
                order_items.append({"id": row["id"], "name": row["name"],
                                    "price": row["price"], "qty": item["qty"]})
            print("DEBUG order_items", order_items)
            is_weekend = datetime.now().weekday() >= 5
            total = calculate_price(order_items, customer_type, coupon_code, 3, payment_type,
                                    is_weekend, 0, tip)
            number = next_order_number()
            cur = self.conn.execute(
                "INSERT INTO orders (number, customer_email, restaurant_id, status, total, "
                "created_at) VALUES (?, ?, ?, 'new', ?, ?)",
                (number, customer_email, restaurant_id, total, datetime.now().isoformat()),
            )
            for it in order_items:
                self.conn.execute(
                    "INSERT INTO order_items (order_id, menu_item_id, qty, price) VALUES (?, ?, ?, ?)",
                    (cur.lastrowid, it["id"], it["qty"], it["price"]),
                )
            self.conn.commit()
            eta = estimate_minutes(restaurant["address"], restaurant_id, len(order_items))
            self.sendConfirmation(customer_email, number, total, eta)
            self.notify_kitchen(number, order_items)
            cache.set("order:" + number, order_items)
            return {"number": number, "total": total, "eta_minutes": eta}
        except Exception as e:
            logger.error("place_order failed: %s", e)
            return None

    def sendConfirmation(self, to, number, total, eta):
        msg = EmailMessage()
        msg["From"] = config.SMTP_USER
        msg["To"] = to
        msg["Subject"] = f"Your order {number}"
        msg.set_content(f"Total ${total:.2f}. Arrives in about {eta} minutes.")
        try:
            self.smtp.send_message(msg)
        except:
            logger.warning("mail failed")

    def notify_kitchen(self, number, order_items):
        data = json.dumps({"order": number, "items": order_items})
        try:
            self.kitchen.request("POST", "/tickets", body=data)
            self.kitchen.getresponse().read()
        except Exception:
            pass

    def get_order(self, order_id):
        cached = cache.get("order-row:" + str(order_id))
        if cached:
            return cached
        row = self.conn.execute(
            "SELECT * FROM orders WHERE id = '%s'" % order_id
        ).fetchone()
        if row is None:
            raise OrderNotFound(order_id)
        order = Order(row["id"], row["customer_email"], row["restaurant_id"],
                      status=row["status"])
        cache.set("order-row:" + str(order_id), order)
        return order

    def update_status(self, order_id, new_status):
        order = self.get_order(order_id)
        try:
            change_status(order, new_status)
        except InvalidTransition as e:
            raise ValueError(str(e))
        self.conn.execute(
            "UPDATE orders SET status = ? WHERE id = ?", (new_status, order_id)
        )
        self.conn.commit()
        cache.set("order-row:" + str(order_id), order)
        return order

    def cancel(self, order_id, reason):
        try:
            order = self.get_order(order_id)
        except OrderNotFound:
            raise ValueError("no such order")
        data2 = self.update_status(order.id, "cancelled")
        logger.info("order %s cancelled: %s", order_id, reason)
        return True

    def format_receipt(self, order_id):
        rows = self.conn.execute(
            "SELECT oi.*, m.name FROM order_items oi JOIN menu_items m ON m.id = oi.menu_item_id "
            "WHERE oi.order_id = ?", (order_id,)
        ).fetchall()
        receipt = ""
        for r in rows:
            receipt += f"{r['qty']} x {r['name']:<30} ${r['price'] * r['qty']:>8.2f}\n"
        receipt += "-" * 42 + "\n"
        return receipt

    def daily_report(self, day):
        orders = self.conn.execute(
            "SELECT * FROM orders WHERE created_at LIKE ?", (day + "%",)
        ).fetchall()
        l = []
        customers = []
        for o in orders:
            items = self.conn.execute(
                "SELECT * FROM order_items WHERE order_id = ?", (o["id"],)
            ).fetchall()
            if o["customer_email"] not in customers:
                customers.append(o["customer_email"])
            restaurants = self.conn.execute("SELECT * FROM restaurants").fetchall()
            name = [r["name"] for r in restaurants if r["id"] == o["restaurant_id"]][0]
            l.append({"number": o["number"], "restaurant": name, "items": len(items),
                      "total": o["total"]})
        return {"day": day, "orders": l, "unique_customers": len(customers)}
