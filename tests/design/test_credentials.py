"""Credentials: passwords sent in the clear, tokens stored unhashed or compared with `==`,
JWTs decoded without their checks, reset links that work twice."""

from __future__ import annotations

from reviewer.model import Severity
from tests.design.helpers import Analyze, codes


def test_a_password_put_into_an_email_a_log_or_a_response(analyze: Analyze) -> None:
    source = """\
    import logging

    from flask import Blueprint, jsonify, render_template, request

    from app.mail import send_email

    log = logging.getLogger(__name__)
    bp = Blueprint("accounts", __name__)


    def invite(user, password):
        body = render_template("email/invite.txt", user=user, password=password)
        send_email(user.email, "Your account", body)


    def create(form):
        send_welcome_email(form.email.data, form.password.data)
        log.info("created %s with %s", form.email.data, form.password.data)


    @bp.post("/register")
    def register():
        data = request.get_json()
        return jsonify(email=data["email"], password=data["password"])


    @bp.post("/echo")
    def echo():
        return {"password": request.form.get("password")}
    """
    findings = [f for f in analyze(source) if f.code == "plaintext-password-sent"]
    assert codes(findings) == [
        ("plaintext-password-sent", 12),
        ("plaintext-password-sent", 17),
        ("plaintext-password-sent", 18),
        ("plaintext-password-sent", 24),
        ("plaintext-password-sent", 29),
    ]
    assert findings[0].message == (
        "`invite` puts the plaintext `password` into an e-mail (`render_template`)"
    )
    assert findings[2].message == "`create` writes the plaintext `form.password.data` to the log"
    assert findings[3].message == "`register` sends `data['password']` back in its response"


def test_a_password_carried_by_a_local_value_into_the_mail(analyze: Analyze) -> None:
    source = """\
    from django.core.mail import send_mail


    def notify_new_user(user, password):
        text = f"Your login is {user.email} and your password is {password}."
        send_mail("Welcome", text, "team@example.com", [user.email])
    """
    assert codes(analyze(source), "plaintext-password-sent") == [("plaintext-password-sent", 6)]


def test_hashes_lengths_the_mail_servers_own_password_and_other_names_are_not_flagged(
    analyze: Analyze,
) -> None:
    source = """\
    import logging

    from django.core.mail import get_connection, send_mail
    from django.core.mail.backends.smtp import EmailBackend

    logger = logging.getLogger(__name__)


    def connect(settings, password):
        return EmailBackend(host=settings.EMAIL_HOST, username="app", password=password)


    def digest(recipients, body, password):
        connection = get_connection(password=password)
        send_mail("Digest", body, "a@example.com", recipients, auth_password=password)
        return connection


    def changed(user, new_password, password_hash):
        logger.info("password of %s changed, %d characters", user.email, len(new_password))
        logger.debug("stored hash %s", password_hash)
        send_password_changed_email(user.email, hash_password(new_password))


    def mailbox(event, email_password):
        send_event_email(event, email_password=email_password)
    """
    assert codes(analyze(source), "plaintext-password-sent") == []


def test_a_random_token_stored_and_found_by_equality(analyze: Analyze) -> None:
    source = """\
    import secrets
    from datetime import datetime, timedelta, timezone

    import sqlalchemy as sa

    from app import db


    class User(db.Model):
        id = sa.Column(sa.Integer, primary_key=True)
        token = sa.Column(sa.String(32), index=True, unique=True)
        token_expiration = sa.Column(sa.DateTime)

        def get_token(self, expires_in=3600):
            self.token = secrets.token_hex(16)
            self.token_expiration = datetime.now(timezone.utc) + timedelta(seconds=expires_in)
            return self.token

        @staticmethod
        def check_token(token):
            return db.session.scalar(sa.select(User).where(User.token == token))
    """
    findings = [f for f in analyze(source) if f.code == "token-stored-plaintext"]
    assert codes(findings) == [("token-stored-plaintext", 15)]
    assert findings[0].message == (
        "`get_token` stores `secrets.token_hex(16)` in `self.token` unhashed, and `check_token`"
        " finds the row by `User.token == token`"
    )


def test_the_lookup_may_be_in_another_module(analyze: Analyze) -> None:
    views = """\
    from shop.models import ApiKey


    def authenticate(request):
        return ApiKey.objects.get(key=request.headers["X-Api-Key"])
    """
    source = """\
    import secrets

    from django.db import models


    class ApiKey(models.Model):
        key = models.CharField(max_length=64, unique=True)

        def rotate(self):
            fresh = secrets.token_urlsafe(32)
            self.key = fresh
            self.save()
            return fresh
    """
    findings = analyze(source, "shop/models.py", **{"shop/views": views, "shop/__init__": ""})
    assert codes(findings, "token-stored-plaintext") == [("token-stored-plaintext", 11)]


def test_hashed_tokens_ids_and_tokens_never_looked_up_are_not_flagged(analyze: Analyze) -> None:
    source = """\
    import hashlib
    import secrets
    import uuid

    from app import db


    class Device(db.Model):
        id = db.Column(db.String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
        token_hash = db.Column(db.String(64), index=True)
        push_token = db.Column(db.String(64))

        def pair(self):
            token = secrets.token_urlsafe(32)
            self.token_hash = hashlib.sha256(token.encode()).hexdigest()
            self.push_token = secrets.token_hex(16)
            return token

        @staticmethod
        def by_token(token):
            digest = hashlib.sha256(token.encode()).hexdigest()
            return Device.query.filter_by(token_hash=digest).first()

        @staticmethod
        def by_id(device_id):
            return Device.query.filter(Device.id == device_id).first()
    """
    assert codes(analyze(source), "token-stored-plaintext") == []


def test_secrets_compared_with_eq(analyze: Analyze) -> None:
    source = """\
    import hashlib
    import hmac

    from app.config import settings


    def verify(body, headers):
        expected = hmac.new(settings.WEBHOOK_SECRET, body, hashlib.sha256).hexdigest()
        if headers["X-Hub-Signature"] != expected:
            raise PermissionError("bad signature")


    def check_key(presented_key):
        return presented_key == settings.API_KEY
    """
    findings = [f for f in analyze(source) if f.code == "secret-compared-with-eq"]
    assert codes(findings) == [("secret-compared-with-eq", 9), ("secret-compared-with-eq", 14)]
    assert findings[0].message == (
        "`headers['X-Hub-Signature'] != expected` compares `headers['X-Hub-Signature']` with an"
        " early-exit string comparison"
    )


def test_literals_none_lengths_queries_and_typed_twice_are_not_flagged(analyze: Analyze) -> None:
    source = """\
    from app.models import TokenType, User


    def checks(token, token_type, claims, body, password1, password2, session):
        if token is None or token == "" or len(token) != 43:
            return None
        if token_type == "bearer" or claims["type"] == TokenType.REFRESH:
            return None
        if body.current_password == body.new_password or password1 != password2:
            return None
        if claims["token_version"] != claims["expected_version"]:
            return None
        return session.query(User).filter(User.api_token == token).first()
    """
    assert codes(analyze(source), "secret-compared-with-eq") == []


def test_jwt_decoded_without_its_checks(analyze: Analyze) -> None:
    source = """\
    import jwt
    from jose import jwt as jose_jwt

    KEY = "k"


    def unverified(token):
        return jwt.decode(token, options={"verify_signature": False})


    def expired_too(token):
        return jwt.decode(token, KEY, algorithms=["HS256"], options={"verify_exp": False})


    def legacy(token):
        return jwt.decode(token, KEY, verify=False)


    def any_algorithm(token):
        return jose_jwt.decode(token, KEY)


    def checked(token):
        return jwt.decode(token, KEY, algorithms=["HS256"]), jwt.decode(token, KEY, ["HS256"])


    def header(token):
        return jwt.get_unverified_header(token)
    """
    findings = [f for f in analyze(source) if f.code == "jwt-decode-unverified"]
    assert codes(findings) == [
        ("jwt-decode-unverified", 8),
        ("jwt-decode-unverified", 12),
        ("jwt-decode-unverified", 16),
        ("jwt-decode-unverified", 20),
    ]
    assert findings[0].message == (
        "`jwt.decode` is told to skip the signature check (`verify_signature: False`)"
    )
    assert findings[3].message == (
        "`jose_jwt.decode` is given no `algorithms=`, so the token may name its own"
    )


def test_a_decode_of_another_library_is_not_flagged(analyze: Analyze) -> None:
    source = """\
    from authlib.jose import jwt


    def claims(token, key):
        return jwt.decode(token, key)
    """
    assert codes(analyze(source), "jwt-decode-unverified") == []


def test_a_reset_token_that_works_twice_or_as_an_access_token(analyze: Analyze) -> None:
    security = """\
    import jwt

    from app.config import settings


    def create_access_token(subject, expires):
        return jwt.encode({"sub": subject, "exp": expires}, settings.SECRET_KEY, algorithm="HS256")
    """
    source = """\
    from time import time

    import jwt

    from app.config import settings


    def generate_password_reset_token(email, expires):
        return jwt.encode({"exp": expires, "sub": email}, settings.SECRET_KEY, algorithm="HS256")


    def get_reset_password_token(user, expires_in=600):
        payload = {"reset_password": user.id, "exp": time() + expires_in}
        return jwt.encode(payload, settings.SECRET_KEY, algorithm="HS256")
    """
    findings = analyze(source, "app/utils.py", **{"app/security": security, "app/__init__": ""})
    found = [f for f in findings if f.code == "reset-token-reusable"]
    assert codes(found) == [("reset-token-reusable", 9), ("reset-token-reusable", 14)]
    assert found[0].raise_to is Severity.MAJOR
    assert found[0].message.endswith(
        "; it has no purpose claim and `create_access_token` signs with the same key"
        " (`settings.SECRET_KEY`), so each kind of token passes the other's signature check"
    )
    assert found[1].raise_to is None
    assert found[1].message == (
        "`get_reset_password_token` signs a token holding `reset_password`, `exp`: nothing in"
        " it changes once it is used, so it works again until it expires"
    )


def test_single_use_reset_tokens_and_confirmation_links_are_not_flagged(analyze: Analyze) -> None:
    source = """\
    import jwt
    from itsdangerous import URLSafeTimedSerializer

    from app.config import settings


    def make_reset_token(user, expires):
        payload = {"sub": user.id, "purpose": "reset", "pwd": user.password_hash[-8:], "exp": expires}
        return jwt.encode(payload, settings.SECRET_KEY, algorithm="HS256")


    def email_confirmation_token(email):
        return URLSafeTimedSerializer(settings.SECRET_KEY, salt="confirm").dumps(email)


    def verify_reset_token(token):
        return jwt.decode(token, settings.SECRET_KEY, algorithms=["HS256"])
    """
    assert codes(analyze(source), "reset-token-reusable") == []


def test_a_password_rendered_inside_the_send_call_is_flagged_once(analyze: Analyze) -> None:
    source = """\
    from django.core.mail import send_mail
    from django.template.loader import render_to_string


    def welcome(user, password):
        html = render_to_string("accounts/welcome.html", {"user": user, "password": password})
        send_mail("Welcome", "", "team@example.com", [user.email], html_message=html)
        send_mail("Copy", "", "team@example.com", ["admin@example.com"], html_message=html)
    """
    assert codes(analyze(source), "plaintext-password-sent") == [("plaintext-password-sent", 7)]


def test_equality_methods_lexer_tokens_and_positions_are_not_secrets(analyze: Analyze) -> None:
    source = """\
    import hashlib

    TOKEN_NAME = "name"


    class Credential:
        def __init__(self, password):
            self.password = password

        def __eq__(self, other):
            return self.password == other.password


    def kinds(tokens, Keyword, closer, last_token):
        names = [t for t in tokens if t == TOKEN_NAME or t == Keyword]
        return names, last_token != closer.token - 1
    """
    assert codes(analyze(source), "secret-compared-with-eq") == []


def test_a_module_that_handles_no_credentials_is_not_read_for_them(analyze: Analyze) -> None:
    source = """\
    def matching(token, expected_token):
        return token == expected_token
    """
    assert codes(analyze(source), "secret-compared-with-eq") == []


def test_reading_a_claim_before_the_verified_decode_is_not_flagged(analyze: Analyze) -> None:
    source = """\
    import jwt


    def claims(token, keys):
        issuer = jwt.decode(token, options={"verify_signature": False})["iss"]
        return jwt.decode(token, keys[issuer], algorithms=["RS256"], audience="api")
    """
    assert codes(analyze(source), "jwt-decode-unverified") == []


def test_a_token_given_to_cls_in_a_class_method_is_stored(analyze: Analyze) -> None:
    source = """\
    import secrets

    from app import db


    class Invitation(db.Model):
        invite_token = db.Column(db.String(64), unique=True)

        @classmethod
        def create(cls, email):
            return cls(email=email, invite_token=secrets.token_urlsafe(32))

        @classmethod
        def find(cls, token):
            return cls.query.filter_by(invite_token=token).first()
    """
    assert codes(analyze(source), "token-stored-plaintext") == [("token-stored-plaintext", 11)]


def test_a_password_that_confirms_an_address_change_is_not_sent(analyze: Analyze) -> None:
    source = """\
    from flask import request


    def change_address(accounts, user, form):
        accounts.change_email(user, form.new_email.data, password=form.password.data)
        accounts.update_email_address(user, request.form["email"], request.form["password"])
        if form.password.data != form.confirm.data:
            return False
        return form.token.data == user.email_token
    """
    findings = analyze(source)
    assert codes(findings, "plaintext-password-sent") == []
    assert codes(findings, "secret-compared-with-eq") == [("secret-compared-with-eq", 9)]


def test_a_call_that_addresses_someone_is_a_mail_whatever_its_name(analyze: Analyze) -> None:
    source = """\
    from newsletter.mailer import send_template


    def create(email, password):
        send_template("account_created.html", to=email, password=password)
    """
    assert codes(analyze(source), "plaintext-password-sent") == [("plaintext-password-sent", 5)]
