# expect: design:io-in-loop@33, design:unvalidated-request-body@42, design:unvalidated-request-body@51, design:deep-nesting@67, design:long-boolean-chain@79
"""Orders API of a shop, written with Flask and SQLAlchemy."""

from decimal import Decimal

from flask import Blueprint, abort, jsonify, request
from marshmallow import Schema, ValidationError, fields

from shop.db import session
from shop.models import Order, OrderLine, Product, Refund

orders = Blueprint("orders", __name__, url_prefix="/orders")


class LineSchema(Schema):
    sku = fields.String(required=True)
    quantity = fields.Integer(required=True, validate=lambda q: 0 < q <= 100)


class OrderSchema(Schema):
    customer_id = fields.Integer(required=True)
    lines = fields.List(fields.Nested(LineSchema), required=True)


@orders.post("")
def place_order():
    try:
        payload = OrderSchema().load(request.get_json())
    except ValidationError as error:
        return jsonify(errors=error.messages), 400
    order = Order(customer_id=payload["customer_id"])
    for line in payload["lines"]:
        product = session.get(Product, line["sku"])
        order.lines.append(OrderLine(product=product, quantity=line["quantity"]))
    session.add(order)
    session.commit()
    return jsonify(order.to_dict()), 201


@orders.post("/quick")
def quick_order():
    order = Order(**request.get_json())
    session.add(order)
    session.commit()
    return jsonify(order.to_dict()), 201


@orders.post("/<int:order_id>/refund")
def refund(order_id):
    order = session.get(Order, order_id) or abort(404)
    amount = Decimal(request.json["amount"])
    reason = request.json.get("reason", "")
    session.add(Refund(order=order, amount=amount, reason=reason))
    session.commit()
    return jsonify(status="refunded")


@orders.get("/<int:order_id>")
def show_order(order_id):
    order = session.get(Order, order_id) or abort(404)
    fields_wanted = request.args.get("fields", "")
    return jsonify(order.to_dict(only=fields_wanted.split(",") if fields_wanted else None))


def reconcile(orders_to_check, ledger):
    mismatches = []
    for order in orders_to_check:
        entry = ledger.get(order.id)
        if entry is not None:
            for line in order.lines:
                if line.refunded:
                    for refund_row in entry.refunds:
                        if refund_row.sku == line.sku and refund_row.amount != line.total:
                            mismatches.append((order.id, line.sku))
    return mismatches


def can_cancel(order, user):
    if order.status == "paid" and not order.shipped and (user.id == order.customer_id or user.is_staff) and not order.locked:
        return True
    return order.status == "draft"
