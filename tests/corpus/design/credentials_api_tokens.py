# expect: design:token-stored-plaintext@21, design:token-stored-plaintext@38, design:hidden-clock@61, design:hidden-randomness@75
"""API keys and personal access tokens (Flask-SQLAlchemy)."""
import hashlib
import secrets
import uuid
from datetime import datetime, timedelta, timezone

from flask import abort, request

from app import db


class ApiKey(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    key = db.Column(db.String(64), unique=True, index=True)
    created_at = db.Column(db.DateTime, default=lambda: datetime.now(timezone.utc))


def issue_api_key(user):
    api_key = ApiKey(user_id=user.id, key=secrets.token_urlsafe(32))
    db.session.add(api_key)
    db.session.commit()
    return api_key.key


def user_for_api_key():
    presented = request.headers.get("X-Api-Key", "")
    found = ApiKey.query.filter_by(key=presented).first()
    if found is None:
        abort(401)
    return found.user_id


class Session(db.Model):
    id = db.Column(db.String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    user_id = db.Column(db.Integer, nullable=False)
    refresh_token = db.Column(db.String(64), default=lambda: secrets.token_hex(32), index=True)
    expires_at = db.Column(db.DateTime)


def session_for_refresh(token):
    return Session.query.filter(Session.refresh_token == token).first()


def session_by_id(session_id):
    return Session.query.filter(Session.id == session_id).first()


class PersonalAccessToken(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, nullable=False)
    token_hash = db.Column(db.String(64), unique=True, index=True)
    token_prefix = db.Column(db.String(8))
    expires_at = db.Column(db.DateTime)

    def issue(self, days=30):
        token = secrets.token_urlsafe(32)
        self.token_hash = hashlib.sha256(token.encode()).hexdigest()
        self.token_prefix = token[:8]
        self.expires_at = datetime.now(timezone.utc) + timedelta(days=days)
        return token

    @staticmethod
    def find(token):
        digest = hashlib.sha256(token.encode()).hexdigest()
        return PersonalAccessToken.query.filter_by(token_hash=digest).first()


class Upload(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    storage_key = db.Column(db.String(64))

    def place(self):
        self.storage_key = uuid.uuid4().hex
        return self.storage_key


class Invitation(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(120))
    invite_token = db.Column(db.String(64))

    def send(self, mailer):
        self.invite_token = secrets.token_urlsafe(24)
        mailer.send(self.email, self.invite_token)
