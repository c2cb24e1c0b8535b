"""Data access for restaurants and menus."""
import csv
import sqlite3
from abc import ABC, abstractmethod
from typing import Optional

from orders_api import config
from orders_api.models import MenuItem, Restaurant


class Repository(ABC):
    """Base class every table repository must implement."""

    @abstractmethod
    def get(self, id):
        pass

    @abstractmethod
    def list_all(self):
        pass

    @abstractmethod
    def find_by_name(self, name):
        pass

    @abstractmethod
    def save(self, obj):
        pass

    @abstractmethod
    def update(self, obj):
        pass

    @abstractmethod
    def delete(self, id):
        pass

    @abstractmethod
    def export_csv(self, path):
        pass


class RestaurantRepository(Repository):
    def __init__(self):
        self.conn = sqlite3.connect(config.DB_PATH)
        self.conn.row_factory = sqlite3.Row
        self._by_name: dict[str, Restaurant] = {}

    def get(self, id) -> Optional[Restaurant]:
        row = self.conn.execute("SELECT * FROM restaurants WHERE id = " + str(id)).fetchone()
        if row is None:
            return None
        return Restaurant(**dict(row))

    def list_all(self):
        return [Restaurant(**dict(r)) for r in self.conn.execute("SELECT * FROM restaurants")]

    def find_by_name(self, name):
        rows = self.conn.execute(
            f"SELECT * FROM restaurants WHERE name LIKE '%{name}%'"
        ).fetchall()
        return [Restaurant(**dict(r)) for r in rows]

    def find_by_cuisine(self, cuisine):
        rows = self.conn.execute(
            f"SELECT r.* FROM restaurants r JOIN cuisine_types c ON c.id = r.cuisine_id "
            f"WHERE c.name = '{cuisine}'"
        ).fetchall()
        return [Restaurant(**dict(r)) for r in rows]

    def cached_by_name(self, name: str) -> Restaurant:
        if name not in self._by_name:
            for r in self.find_by_name(name):
                self._by_name[r.name] = r
        return self._by_name.get(name)

    def restaurant_name(self, restaurant_id: int) -> str:
        restaurant = self.get(restaurant_id)
        return restaurant.name

    def save(self, obj):
        sql = "INSERT INTO restaurants (name, cuisine_id, address, rating) VALUES ('%s', %d, '%s', %f)" % (
            obj.name, obj.cuisine_id, obj.address, obj.rating)
        self.conn.execute(sql)
        self.conn.commit()

    def update(self, obj):
        raise NotImplementedError

    def delete(self, id):
        pass

    def export_csv(self, path):
        pass


class MenuRepository(Repository):
    def __init__(self):
        self.conn = sqlite3.connect(config.DB_PATH)
        self.conn.row_factory = sqlite3.Row

    def get(self, id):
        row = self.conn.execute("SELECT * FROM menu_items WHERE id = ?", (id,)).fetchone()
        return MenuItem(**dict(row)) if row else None

    def list_all(self):
        return [MenuItem(**dict(r)) for r in self.conn.execute("SELECT * FROM menu_items")]

    def for_restaurant(self, restaurant_id, sort="name"):
        rows = self.conn.execute(
            "SELECT * FROM menu_items WHERE restaurant_id = %s ORDER BY %s" % (restaurant_id, sort)
        ).fetchall()
        return [MenuItem(**dict(r)) for r in rows]

    def find_by_name(self, name):
        rows = self.conn.execute("SELECT * FROM menu_items WHERE name = ?", (name,)).fetchall()
        return [MenuItem(**dict(r)) for r in rows]

    def save(self, obj):
        self.conn.execute(
            "INSERT INTO menu_items (restaurant_id, name, price, available) VALUES (?, ?, ?, ?)",
            (obj.restaurant_id, obj.name, obj.price, obj.available),
        )
        self.conn.commit()

    def update(self, obj):
        self.conn.execute(
            "UPDATE menu_items SET name = ?, price = ?, available = ? WHERE id = ?",
            (obj.name, obj.price, obj.available, obj.id),
        )
        self.conn.commit()

    def delete(self, id):
        self.conn.execute("DELETE FROM menu_items WHERE id = ?", (id,))
        self.conn.commit()

    def export_csv(self, path):
        with open(path, "w", newline="") as f:
            writer = csv.writer(f)
            for item in self.list_all():
                writer.writerow([item.id, item.name, item.price])


class ArchivedMenuRepository(MenuRepository):
    """Menus of closed restaurants; kept for old orders."""

    def save(self, obj):
        raise NotImplementedError("archived menus are read-only")

    def delete(self, id):
        raise NotImplementedError("archived menus are read-only")
