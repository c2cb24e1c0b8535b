# expect: design:praise-password-kdf@20
"""The account model of a Flask blog: passwords kept as werkzeug hashes."""

from datetime import datetime, timezone

from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from blog.extensions import db


class Account(UserMixin, db.Model):
    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(120), unique=True, nullable=False)
    password_hash = db.Column(db.String(256))
    created_at = db.Column(db.DateTime, default=lambda: datetime.now(timezone.utc))

    def set_password(self, password: str) -> None:
        # werkzeug's default method: scrypt, with a random salt
        self.password_hash = generate_password_hash(
            password
        )

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)
