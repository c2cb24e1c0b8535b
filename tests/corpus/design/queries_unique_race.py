# expect: design:unique-race@31, design:unvalidated-request-body@31, design:unvalidated-request-body@41, design:unvalidated-request-body@57
"""Sign-up and profile routes of the newsletter service."""
import sqlalchemy as sa
from flask import Blueprint, jsonify, request
from sqlalchemy.exc import IntegrityError

from letters import db

bp = Blueprint("accounts", __name__)


class Subscriber(db.Model):
    id = sa.Column(sa.Integer, primary_key=True)
    email = sa.Column(sa.String(200), unique=True, nullable=False)
    handle = sa.Column(sa.String(40), unique=True, nullable=False)
    city = sa.Column(sa.String(80))


class Tag(db.Model):
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(40), unique=True, nullable=False)


def find_subscriber_by_email(email):
    return db.session.scalar(sa.select(Subscriber).where(Subscriber.email == email))


@bp.post("/subscribers")
def subscribe():
    data = request.get_json()
    if find_subscriber_by_email(data["email"]):
        return jsonify({"error": "already subscribed"}), 409
    subscriber = Subscriber(email=data["email"], handle=data["handle"])
    db.session.add(subscriber)
    db.session.commit()
    return jsonify({"id": subscriber.id}), 201


@bp.post("/tags")
def create_tag():
    name = request.get_json()["name"]
    existing = Tag.query.filter_by(name=name).first()
    if existing is not None:
        return jsonify({"id": existing.id}), 200
    tag = Tag(name=name)
    db.session.add(tag)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        tag = Tag.query.filter_by(name=name).one()
    return jsonify({"id": tag.id}), 201


@bp.post("/subscribers/<int:subscriber_id>/city")
def move(subscriber_id):
    city = request.get_json()["city"]
    neighbour = db.session.scalar(sa.select(Subscriber).where(Subscriber.city == city))
    if neighbour:
        return jsonify({"neighbour": neighbour.handle})
    subscriber = db.get_or_404(Subscriber, subscriber_id)
    subscriber.city = city
    db.session.commit()
    return jsonify({"id": subscriber.id})


@bp.get("/subscribers/<handle>")
def profile(handle):
    subscriber = db.session.scalar(sa.select(Subscriber).where(Subscriber.handle == handle))
    if subscriber is None:
        return jsonify({"error": "not found"}), 404
    subscriber.views += 1
    db.session.commit()
    return jsonify({"handle": subscriber.handle})
