# expect: design:missing-ownership-check@29, design:missing-ownership-check@38, design:ownership-unclear@47, design:missing-ownership-check@56, design:unvalidated-request-body@69, design:unvalidated-request-body@89
"""Flask routes of the shop: orders, addresses and accounts of the signed-in customer."""

from functools import wraps

from flask import Blueprint, abort, jsonify, request
from flask_login import current_user, login_required
from sqlalchemy import select

from shop_db import db
from shop_models import Address, Order, Product, User

bp = Blueprint("orders", __name__, url_prefix="/api")


def admin_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


@bp.route("/orders/<int:order_id>/cancel", methods=["POST"])
@login_required
def cancel_order(order_id):
    order = db.get_or_404(Order, order_id)
    order.status = "cancelled"
    db.session.commit()
    return jsonify(order.to_dict())


@bp.delete("/addresses/<int:address_id>")
@login_required
def delete_address(address_id):
    address = Address.query.get_or_404(address_id)
    db.session.delete(address)
    db.session.commit()
    return "", 204


@bp.get("/orders/<int:order_id>")
@login_required
def show_order(order_id):
    order = db.session.scalar(select(Order).where(Order.id == order_id))
    if order is None:
        abort(404)
    return jsonify(order.to_dict())


@bp.patch("/users/<int:user_id>")
@login_required
def update_user(user_id):
    user = db.get_or_404(User, user_id)
    data = request.get_json()
    user.display_name = data.get("display_name", user.display_name)
    db.session.commit()
    return jsonify(user.to_public_dict())


@bp.post("/orders/<int:order_id>/note")
@login_required
def add_note(order_id):
    order = db.get_or_404(Order, order_id)
    if order.user_id != current_user.id:
        abort(404)
    order.note = request.get_json()["note"]
    db.session.commit()
    return jsonify(order.to_dict())


@bp.delete("/orders/<int:order_id>")
@login_required
def delete_order(order_id):
    order = db.first_or_404(
        select(Order).where(Order.id == order_id, Order.user_id == current_user.id)
    )
    db.session.delete(order)
    db.session.commit()
    return "", 204


@bp.put("/addresses/<int:address_id>")
@login_required
def update_address(address_id):
    address = Address.query.filter_by(id=address_id, owner_id=current_user.id).first_or_404()
    address.street = request.get_json()["street"]
    db.session.commit()
    return jsonify(address.to_dict())


@bp.post("/admin/orders/<int:order_id>/refund")
@login_required
@admin_required
def refund_order(order_id):
    order = db.get_or_404(Order, order_id)
    order.status = "refunded"
    db.session.commit()
    return jsonify(order.to_dict())


@bp.get("/products/<int:product_id>")
def show_product(product_id):
    product = db.get_or_404(Product, product_id)
    return jsonify(product.to_dict())


@bp.get("/users/<int:user_id>")
@login_required
def show_user(user_id):
    return jsonify(db.get_or_404(User, user_id).to_public_dict())


@bp.get("/me/orders/<int:order_id>")
@login_required
def my_order(order_id):
    order = current_user.orders.filter_by(id=order_id).first_or_404()
    return jsonify(order.to_dict())
