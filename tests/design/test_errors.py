"""Error handling: failures only logged, catch-alls around long blocks."""

from __future__ import annotations

from tests.design.helpers import Analyze, codes

HANDLERS = """\
import logging

import requests

logger = logging.getLogger(__name__)


def push(order):
    try:
        requests.post("https://partner.example.com", json=order, timeout=5)
    except Exception as error:
        logger.error("push failed: %s", error)


def reserve(sku):
    try:
        requests.post(f"https://partner.example.com/{sku}", timeout=5)
    except requests.RequestException:
        logger.warning("reservation failed for %s", sku)


def stock(sku):
    try:
        return requests.get(f"https://partner.example.com/{sku}", timeout=5).json()
    except requests.RequestException:
        logger.warning("stock lookup failed for %s", sku)
        return None


def cancel(order_id):
    try:
        requests.delete(f"https://partner.example.com/{order_id}", timeout=5)
    except requests.RequestException:
        logger.warning("cancel failed")
        raise


def cached(cache, key):
    try:
        return cache[key]
    except KeyError:
        logger.debug("miss %s", key)
    return None


def receipt(mailer, order):
    try:
        mailer.send(order)
    except ConnectionError:
        logger.warning("receipt not sent", exc_info=True)


def push_all(orders):
    for order in orders:
        try:
            push(order)
        except ValueError as error:
            logger.warning("skipping %s: %s", order, error)
            continue


def amount(raw):
    try:
        return float(raw)
    except ValueError:
        logger.error("bad amount %r", raw)
        return 0.0


def main():
    try:
        push({})
    except Exception:
        print("failed")
"""


def test_log_and_swallow(analyze: Analyze) -> None:
    findings = analyze(HANDLERS)
    assert codes(findings, "log-and-swallow") == [("log-and-swallow", 11), ("log-and-swallow", 18)]
    assert (
        findings[0].message == "`push` catches every exception and only logs it with `logger.error`"
    )
    assert findings[1].message == (
        "`reserve` catches `requests.RequestException` and only logs it with `logger.warning`"
    )


BODY = "\n".join(f"        step_{i}(order)" for i in range(16))


def test_broad_try_around_a_long_body(analyze: Analyze) -> None:
    source = f"""\
def place(order, log):
    try:
{BODY}
    except Exception as error:
        log.exception("failed")
        return {{"ok": False, "error": str(error)}}


def place_and_reraise(order, conn):
    try:
{BODY}
    except Exception:
        conn.rollback()
        raise


def place_narrow(order):
    try:
{BODY}
    except KeyError:
        return None


def place_short(order):
    try:
        step(order)
    except Exception:
        return None


def main(order):
    try:
{BODY}
    except Exception:
        return 1
"""
    findings = analyze(source)
    assert codes(findings) == [("broad-try", 2)]
    assert (
        findings[0].message
        == "`place` wraps 16 statements in one `try` caught by `except Exception`"
    )
    assert findings[0].location.end_line == 21
