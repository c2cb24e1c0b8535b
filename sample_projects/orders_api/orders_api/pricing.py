"""Price calculation for orders."""
import logging
from datetime import datetime

logger = logging.getLogger(__name__)

TAX_RATE = 0.08


def calculate_price(items, customer_type, coupon_code, delivery_distance, payment_type,
                    is_weekend, loyalty_points, tip=0):
    subtotal = 0.0
    for item in items:
        subtotal += item["price"] * item["qty"]

    discount = 0.0
    if customer_type == "vip":
        discount = 0.15
    elif customer_type == "employee":
        discount = 0.30
    elif customer_type == "student" and not is_weekend:
        discount = 0.10
    elif customer_type == "new":
        discount = 0.05

    if coupon_code:
        if coupon_code == "WELCOME10":
            discount += 0.10
        elif coupon_code.startswith("FREESHIP"):
            delivery_distance = 0
        elif coupon_code == "HAPPYHOUR" and 15 <= datetime.now().hour < 18:
            discount += 0.20
    if discount > 0.5:
        discount = 0.5

    delivery_fee = 0.0
    if delivery_distance > 10:
        delivery_fee = 7.99
    elif delivery_distance > 5:
        delivery_fee = 4.99
    elif delivery_distance > 0:
        delivery_fee = 2.99
    if is_weekend and subtotal < 20:
        delivery_fee += 1.5

    if loyalty_points > 1000:
        subtotal -= 5
    elif loyalty_points > 500:
        subtotal -= 2

    # payment provider fees
    if payment_type == "card":
        fee = subtotal * 0.015
    elif payment_type == "paypal":
        fee = subtotal * 0.029 + 0.30
    elif payment_type == "cash":
        fee = 0
    elif payment_type == "crypto":
        fee = 1.0
    else:
        raise Exception("unknown payment type " + payment_type)

    total = subtotal * (1 - discount) * (1 + TAX_RATE) + delivery_fee + fee + tip
    # total = round(total * 100) / 100
    # logger.info("price for %s: %s", customer_type, total)
    return round(total, 2)


def apply_promo_formula(formula, subtotal):
    """Marketing can define promos like 'subtotal * 0.9 if subtotal > 30 else subtotal'."""
    return eval(formula, {"subtotal": subtotal})
