"""Database helpers shared by the whole app."""
import sqlite3

from orders_api import config

_connection = None

SCHEMA = """
CREATE TABLE IF NOT EXISTS cuisine_types (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE IF NOT EXISTS restaurants (id INTEGER PRIMARY KEY, name TEXT, cuisine_id INTEGER,
    address TEXT, rating REAL);
CREATE TABLE IF NOT EXISTS menu_items (id INTEGER PRIMARY KEY, restaurant_id INTEGER, name TEXT,
    price REAL, available INTEGER);
CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY, number TEXT, customer_email TEXT,
    restaurant_id INTEGER, status TEXT, total REAL, created_at TEXT);
CREATE TABLE IF NOT EXISTS order_items (order_id INTEGER, menu_item_id INTEGER, qty INTEGER,
    price REAL);
CREATE TABLE IF NOT EXISTS order_history (order_id INTEGER, status TEXT, changed_at TEXT);
CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, email TEXT, password_hash TEXT,
    is_admin INTEGER);
CREATE TABLE IF NOT EXISTS sessions (token TEXT, user_id INTEGER);
"""


def get_connection():
    global _connection
    if _connection == None:
        _connection = sqlite3.connect(config.DB_PATH, check_same_thread=False)
        _connection.row_factory = sqlite3.Row
    return _connection


def query(sql, params=()):
    cur = get_connection().cursor()
    cur.execute(sql, params)
    return cur.fetchall()


def execute(sql):
    conn = get_connection()
    conn.execute(sql)
    conn.commit()


def init_db():
    get_connection().executescript(SCHEMA)
