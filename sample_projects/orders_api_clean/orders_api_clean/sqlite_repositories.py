"""SQLite adapters for the storage protocols; every statement uses placeholders."""

import json
import sqlite3
from collections.abc import Collection, Sequence
from datetime import datetime

from orders_api_clean.errors import NotFoundError
from orders_api_clean.models import (
    MenuItem, Money, Order, OrderDraft, OrderLine, OrderStatus, Restaurant,
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS cuisine_types (id INTEGER PRIMARY KEY, name TEXT UNIQUE);
CREATE TABLE IF NOT EXISTS restaurants (id INTEGER PRIMARY KEY, name TEXT NOT NULL,
    cuisine_id INTEGER NOT NULL REFERENCES cuisine_types(id), address TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS menu_items (id INTEGER PRIMARY KEY,
    restaurant_id INTEGER NOT NULL REFERENCES restaurants(id), name TEXT NOT NULL,
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0), available INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY, customer_email TEXT NOT NULL,
    restaurant_id INTEGER NOT NULL, total_cents INTEGER NOT NULL,
    placed_at TEXT NOT NULL, status TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS order_lines (order_id INTEGER NOT NULL REFERENCES orders(id),
    menu_item_id INTEGER NOT NULL, name TEXT NOT NULL,
    unit_price_cents INTEGER NOT NULL, quantity INTEGER NOT NULL);
"""


def create_schema(connection: sqlite3.Connection) -> None:
    """Create the tables if they do not exist yet."""
    with connection:
        connection.executescript(SCHEMA)


class SqliteRestaurantRepository:
    """Restaurants stored in SQLite."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        """Use the injected connection; this class never opens one itself."""
        self._connection = connection

    def get(self, restaurant_id: int) -> Restaurant:
        """Return the restaurant or raise ``NotFoundError``."""
        row = self._connection.execute(
            "SELECT r.id, r.name, c.name, r.address FROM restaurants r "
            "JOIN cuisine_types c ON c.id = r.cuisine_id WHERE r.id = ?",
            (restaurant_id,),
        ).fetchone()
        if row is None:
            raise NotFoundError("restaurant", restaurant_id)
        return Restaurant(*row)

    def by_cuisine(self, cuisine: str) -> Sequence[Restaurant]:
        """Return the restaurants serving ``cuisine``, by name."""
        rows = self._connection.execute(
            "SELECT r.id, r.name, c.name, r.address FROM restaurants r "
            "JOIN cuisine_types c ON c.id = r.cuisine_id WHERE c.name = ? "
            "ORDER BY r.name",
            (cuisine,),
        )
        return [Restaurant(*row) for row in rows]


class SqliteMenuRepository:
    """Menu items stored in SQLite."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        """Use the injected connection; this class never opens one itself."""
        self._connection = connection

    def for_restaurant(self, restaurant_id: int) -> Sequence[MenuItem]:
        """Return the available items of a restaurant, by name."""
        rows = self._connection.execute(
            "SELECT id, restaurant_id, name, price_cents, available FROM menu_items "
            "WHERE restaurant_id = ? AND available = 1 ORDER BY name",
            (restaurant_id,),
        )
        return [_menu_item(row) for row in rows]

    def get_many(self, restaurant_id: int, ids: Collection[int]) -> dict[int, MenuItem]:
        """Return the requested items of one restaurant in a single query."""
        rows = self._connection.execute(
            "SELECT id, restaurant_id, name, price_cents, available FROM menu_items "
            "WHERE restaurant_id = ? AND id IN (SELECT value FROM json_each(?))",
            (restaurant_id, json.dumps(sorted(ids))),
        )
        return {row[0]: _menu_item(row) for row in rows}


class SqliteOrderRepository:
    """Orders and their lines stored in SQLite."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        """Use the injected connection; this class never opens one itself."""
        self._connection = connection

    def add(self, draft: OrderDraft) -> Order:
        """Store the order and its lines in one transaction."""
        with self._connection:
            (order_id,) = self._connection.execute(
                "INSERT INTO orders (customer_email, restaurant_id, total_cents,"
                " placed_at, status) VALUES (?, ?, ?, ?, ?) RETURNING id",
                (draft.customer_email, draft.restaurant_id, draft.total.cents,
                 draft.placed_at.isoformat(), OrderStatus.NEW.value),
            ).fetchone()
            self._connection.executemany(
                "INSERT INTO order_lines (order_id, menu_item_id, name,"
                " unit_price_cents, quantity) VALUES (?, ?, ?, ?, ?)",
                [(order_id, line.menu_item_id, line.name, line.unit_price.cents,
                  line.quantity) for line in draft.lines],
            )
        return Order.from_draft(order_id, draft)

    def get(self, order_id: int) -> Order:
        """Return the order with its lines or raise ``NotFoundError``."""
        row = self._connection.execute(
            "SELECT customer_email, restaurant_id, total_cents, placed_at, status "
            "FROM orders WHERE id = ?",
            (order_id,),
        ).fetchone()
        if row is None:
            raise NotFoundError("order", order_id)
        email, restaurant_id, total_cents, placed_at, status = row
        return Order(
            id=order_id,
            customer_email=email,
            restaurant_id=restaurant_id,
            lines=self._lines(order_id),
            total=Money(total_cents),
            placed_at=datetime.fromisoformat(placed_at),
            status=OrderStatus(status),
        )

    def save_status(self, order: Order) -> None:
        """Persist the current status of ``order``."""
        with self._connection:
            self._connection.execute(
                "UPDATE orders SET status = ? WHERE id = ?",
                (order.status.value, order.id),
            )

    def _lines(self, order_id: int) -> tuple[OrderLine, ...]:
        rows = self._connection.execute(
            "SELECT menu_item_id, name, unit_price_cents, quantity FROM order_lines "
            "WHERE order_id = ? ORDER BY rowid",
            (order_id,),
        )
        return tuple(
            OrderLine(item_id, name, Money(cents), quantity)
            for item_id, name, cents, quantity in rows
        )


def _menu_item(row: tuple[int, int, str, int, int]) -> MenuItem:
    item_id, restaurant_id, name, price_cents, available = row
    return MenuItem(item_id, restaurant_id, name, Money(price_cents), bool(available))
