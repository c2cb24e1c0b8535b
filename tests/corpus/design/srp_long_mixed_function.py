# expect: design:long-mixed-function@9
"""Nightly import of partner orders from a CSV export."""
import csv
import logging

logger = logging.getLogger(__name__)


def import_partner_orders(path, conn):
    rows = []
    skipped = 0
    with open(path, newline="") as handle:
        reader = csv.DictReader(handle)
        for record in reader:
            if not record.get("order_id"):
                skipped += 1
                continue
            quantity = int(record["quantity"])
            if quantity <= 0:
                skipped += 1
                continue
            price = float(record["unit_price"])
            total = round(quantity * price, 2)
            currency = record.get("currency") or "EUR"
            if currency != "EUR":
                total = round(total * 1.1, 2)
            rows.append((record["order_id"], record["sku"], quantity, total))
    conn.executemany(
        "INSERT INTO partner_orders (order_id, sku, quantity, total) VALUES (?, ?, ?, ?)", rows
    )
    conn.commit()
    logger.info("imported %d partner orders, skipped %d", len(rows), skipped)
    return len(rows)
