# expect: design:log-and-swallow@13, design:log-and-swallow@28, design:io-in-loop@61
"""Synchronising orders with a partner API."""
import logging

import requests

logger = logging.getLogger(__name__)


def push_order(order):
    try:
        requests.post("https://partner.example.com/orders", json=order, timeout=5)
    except Exception as error:
        logger.error("could not push order %s: %s", order["id"], error)


def fetch_stock(sku):
    try:
        return requests.get(f"https://partner.example.com/stock/{sku}", timeout=5).json()
    except requests.RequestException as error:
        logger.warning("stock lookup failed for %s: %s", sku, error)
        return None


def reserve_stock(sku, quantity):
    try:
        requests.post(f"https://partner.example.com/stock/{sku}", json={"qty": quantity}, timeout=5)
    except requests.RequestException as error:
        logger.warning("reservation failed for %s: %s", sku, error)
        return


def cancel_order(order_id):
    try:
        requests.delete(f"https://partner.example.com/orders/{order_id}", timeout=5)
    except requests.RequestException:
        logger.warning("cancel failed for %s", order_id)
        raise


def cached_price(cache, sku):
    try:
        return cache[sku]
    except KeyError:
        logger.debug("price of %s not cached yet", sku)
    return None


def send_receipt(mailer, order):
    """Receipts are best effort: a mail outage must not fail the order."""
    try:
        mailer.send(order["email"], "Your receipt")
    except ConnectionError:
        logger.warning("receipt for %s not sent", order["id"], exc_info=True)


def sync_all(orders):
    failed = []
    for order in orders:
        try:
            push_order(order)
        except ValueError as error:
            logger.warning("skipping order %s: %s", order["id"], error)
            continue
    return failed


def parse_amount(raw):
    try:
        return float(raw)
    except ValueError:
        logger.error("bad amount %r", raw)
        return 0.0


try:
    import ujson as json_impl
except ImportError:
    logger.info("ujson not installed, using json")
