# expect: design:unvalidated-request-body@23, design:unvalidated-request-body@50, design:long-boolean-chain@81
"""User and translation endpoints of a small Flask JSON API."""

from flask import Blueprint, abort, jsonify, request
from pydantic import BaseModel, ValidationError

from app import db
from app.auth import current_user, token_auth
from app.models import Note, User
from app.translate import translate

bp = Blueprint("api", __name__)


class ProfileUpdate(BaseModel):
    about_me: str | None = None
    email: str | None = None


@bp.route("/users", methods=["POST"])
def create_user():
    data = request.get_json()
    if "username" not in data or "email" not in data or "password" not in data:
        return jsonify(error="username, email and password are required"), 400
    user = User()
    user.from_dict(data, new_user=True)
    db.session.add(user)
    db.session.commit()
    return jsonify(user.to_dict()), 201


@bp.route("/users/me", methods=["PATCH"])
@token_auth.login_required
def update_profile():
    try:
        changes = ProfileUpdate.model_validate(request.get_json())
    except ValidationError as error:
        return jsonify(error=error.errors()), 400
    user = current_user()
    for field, value in changes.model_dump(exclude_unset=True).items():
        setattr(user, field, value)
    db.session.commit()
    return jsonify(user.to_dict())


@bp.route("/translate", methods=["POST"])
@token_auth.login_required
def translate_text():
    payload = request.get_json()
    text = translate(payload["text"], payload["source_language"], payload["dest_language"])
    return jsonify(text=text)


@bp.route("/notes", methods=["POST"])
@token_auth.login_required
def add_note():
    data = request.get_json(silent=True) or {}
    if "body" not in data:
        abort(400, "body is required")
    note = Note(body=str(data["body"])[:500], author=current_user())
    db.session.add(note)
    db.session.commit()
    return jsonify(note.to_dict()), 201


@bp.route("/login", methods=["POST"])
def login():
    # werkzeug answers a missing form key with a 400 of its own
    username = request.form["username"]
    user = db.session.scalar(db.select(User).filter_by(username=username))
    if user is None or not user.check_password(request.form["password"]):
        abort(401)
    return jsonify(token=user.get_token())


@bp.route("/users/<int:user_id>/notes", methods=["GET"])
@token_auth.login_required
def list_notes(user_id):
    viewer = current_user()
    owner = db.get_or_404(User, user_id)
    if viewer.is_admin or viewer.id == owner.id or owner.public and not owner.suspended and viewer.verified:
        return jsonify([n.to_dict() for n in owner.notes])
    if viewer.is_admin or viewer.id == owner.id:
        return jsonify([])
    abort(403)
