"""Order numbers and status transitions."""
import logging
import sqlite3
import uuid
from datetime import datetime

logger = logging.getLogger(__name__)

ORDER_COUNTER = 0


class InvalidTransition(Exception):
    pass


def next_order_number():
    global ORDER_COUNTER
    ORDER_COUNTER += 1
    return f"ORD-{datetime.now():%Y%m%d}-{ORDER_COUNTER:05d}"


def new_tracking_code():
    return uuid.uuid4().hex[:8].upper()


def change_status(order, new_status):
    old = order.status
    if old == "new":
        if new_status not in ("confirmed", "cancelled"):
            raise InvalidTransition(f"cannot go from new to {new_status}")
    elif old == "confirmed":
        if new_status not in ("preparing", "cancelled"):
            raise InvalidTransition(f"cannot go from confirmed to {new_status}")
    elif old == "preparing":
        if new_status != "out_for_delivery":
            raise InvalidTransition(f"cannot go from preparing to {new_status}")
    elif old == "out_for_delivery":
        if new_status != "delivered":
            raise InvalidTransition(f"cannot go from out_for_delivery to {new_status}")
    elif old == "delivered":
        raise InvalidTransition("order already delivered")
    elif old == "cancelled":
        raise InvalidTransition("order was cancelled")
    order.status = new_status
    order.updated_at = datetime.utcnow()
    return order


def status_label(status):
    if status == "new":
        return "Waiting for the restaurant"
    elif status == "confirmed":
        return "Confirmed"
    elif status == "preparing":
        return "Being prepared"
    elif status == "out_for_delivery":
        return "On the way"
    elif status == "delivered":
        return "Delivered"
    return "Cancelled"


def save_status_history(conn, order_id, status):
    try:
        conn.execute(
            "INSERT INTO order_history (order_id, status, changed_at) VALUES (?, ?, ?)",
            (order_id, status, datetime.now().isoformat()),
        )
        conn.commit()
    except sqlite3.Error as e:
        logger.error("could not save history: %s", e)
    finally:
        return True
