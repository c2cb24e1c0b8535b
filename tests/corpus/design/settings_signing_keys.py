# expect: design:signing-key-fallback@13, design:signing-key-fallback@17, design:signing-key-fallback@22
"""Settings of a small Flask app, and the keys its tokens are signed with."""

import os

DEBUG = os.getenv("DEBUG", "false") == "true"
DATABASE_URL = os.environ.get("DATABASE_URL") or "sqlite:///app.db"  # no key: a fine default
API_TOKEN_HEADER = os.getenv("API_TOKEN_HEADER", "X-Token")  # a header name, not a key


class Config:
    # what a deployment without SECRET_KEY signs its sessions with
    SECRET_KEY = os.environ.get("SECRET_KEY") or "you-will-never-guess"
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or "localhost"


JWT_SECRET = os.getenv("JWT_SECRET", "change-me")
SIGNING_KEY_FROM_ENV = os.environ["SIGNING_KEY"]  # required: no fallback
TOKEN_SECRET = os.environ.get("TOKEN_SECRET")  # None when unset: fails loudly on first use


DJANGO_SECRET_KEY = "hello!" if DEBUG else os.getenv("DJANGO_SECRET_KEY")


class DevelopmentConfig(Config):
    SECRET_KEY = os.environ.get("SECRET_KEY") or "dev"  # development settings never ship


class TestingConfig(Config):
    SECRET_KEY = os.getenv("SECRET_KEY", "test")
