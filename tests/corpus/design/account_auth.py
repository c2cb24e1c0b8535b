# expect: design:unvalidated-request-body@30, design:account-enumeration@32, design:account-enumeration@44, design:unvalidated-request-body@53, design:unique-race@62, design:unvalidated-request-body@62, design:unvalidated-request-body@81, design:account-enumeration@82
"""Sign-in, sign-up and password reset for a Flask app, and the same for its JSON API."""

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import login_required, login_user
from sqlalchemy import select

from shop_db import db
from shop_mail import send_reset_email
from shop_models import User

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return render_template("auth/login.html")
    user = db.session.scalar(select(User).where(User.email == request.form["email"]))
    if user is None or not user.check_password(request.form["password"]):
        flash("Invalid e-mail or password.")
        return redirect(url_for("auth.login"))
    login_user(user)
    return redirect(url_for("main.index"))


@bp.post("/api/login")
def api_login():
    payload = request.get_json()
    user = db.session.scalar(select(User).where(User.email == payload["email"]))
    if user is None:
        return jsonify(error="No account with that e-mail address."), 404
    if not user.check_password(payload["password"]):
        return jsonify(error="Wrong password."), 401
    return jsonify(token=user.api_token)


@bp.route("/forgot-password", methods=["GET", "POST"])
def forgot_password():
    if request.method == "GET":
        return render_template("auth/forgot.html")
    user = db.session.scalar(select(User).where(User.email == request.form["email"]))
    if user is None:
        flash("We could not find a user with that e-mail.")
        return redirect(url_for("auth.forgot_password"))
    send_reset_email(user)
    flash("Check your inbox for a link to reset your password.")
    return redirect(url_for("auth.login"))


@bp.post("/api/password-reset")
def api_password_reset():
    user = db.session.scalar(select(User).where(User.email == request.get_json()["email"]))
    if user is not None:
        send_reset_email(user)
    return jsonify(message="If that e-mail is registered, we sent a reset link."), 202


@bp.post("/register")
def register():
    payload = request.get_json()
    if db.session.scalar(select(User).where(User.email == payload["email"])):
        return jsonify(error="Please use a different e-mail address."), 400
    user = User(email=payload["email"], display_name=payload["display_name"])
    user.set_password(payload["password"])
    db.session.add(user)
    db.session.commit()
    return jsonify(user.to_public_dict()), 201


@bp.post("/admin/users/<int:user_id>/reset")
@login_required
def admin_reset_password(user_id):
    user = db.get_or_404(User, user_id)
    send_reset_email(user)
    return jsonify(message=f"Reset link sent to {user.email}.")


@bp.post("/api/recover")
def recover_account():
    user = db.session.scalar(select(User).where(User.email == request.get_json()["email"]))
    if not user:
        abort(404)
    send_reset_email(user)
    return jsonify(message="Recovery e-mail sent."), 202
