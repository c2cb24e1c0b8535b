# expect: none
"""I/O done once per batch, per file or with retries: no N+1 here."""
import json
import time

import requests


def save_lines(conn, lines):
    conn.executemany(
        "INSERT INTO lines (order_id, sku, qty) VALUES (?, ?, ?)",
        [(line.order_id, line.sku, line.qty) for line in lines],
    )


def customer_names(conn):
    return [row[0] for row in conn.execute("SELECT name FROM customers")]


def load_all(paths):
    documents = []
    for path in paths:
        with open(path) as handle:
            documents.append(json.load(handle))
    return documents


def fetch_with_retry(url):
    for attempt in range(3):
        try:
            return requests.get(url, timeout=5)
        except requests.ConnectionError:
            time.sleep(2**attempt)
    raise RuntimeError(url)


def all_pages(url):
    items = []
    while url:
        page = requests.get(url, timeout=5).json()
        items.extend(page["items"])
        url = page.get("next")
    return items


def create_tables(conn):
    for table in ("orders", "customers", "products"):
        conn.execute(f"CREATE TABLE IF NOT EXISTS {table} (id INTEGER PRIMARY KEY)")
