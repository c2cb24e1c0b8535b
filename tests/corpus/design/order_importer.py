# expect: design:loop-invariant-call@14, design:growing-list-membership@23
"""Importing orders from partner files."""
import csv
import logging
import re

logger = logging.getLogger(__name__)


def parse_rows(path):
    rows = []
    with open(path, newline="") as handle:
        for row in csv.DictReader(handle):
            sku = re.compile(r"^[A-Z]{3}-\d{4}$")
            if sku.match(row["sku"]):
                rows.append(row)
    return rows


def import_rows(conn, rows):
    imported = []
    for row in rows:
        if row["order_id"] in imported:
            continue
        imported.append(row["order_id"])
    conn.executemany(
        "INSERT INTO orders (order_id, sku) VALUES (?, ?)",
        [(r["order_id"], r["sku"]) for r in rows],
    )
    return imported
