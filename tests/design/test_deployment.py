"""Deployment settings: debug on by default, any host allowed, CORS open with credentials."""

from __future__ import annotations

import pytest

from tests.design.helpers import Analyze, codes

DJANGO_SETTINGS = """\
import os

DEBUG = os.getenv("DJANGO_DEBUG") != "FALSE"
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = ["*"]
"""


def test_django_settings_with_debug_on_unless_turned_off(analyze: Analyze) -> None:
    findings = analyze(DJANGO_SETTINGS, name="settings.py")
    assert codes(findings) == [("debug-on-by-default", 3), ("allowed-hosts-wildcard", 5)]
    assert findings[0].message == "`DEBUG` is on unless `DJANGO_DEBUG` is set to turn it off"
    assert findings[1].message == '`ALLOWED_HOSTS` accepts any `Host` header: `["*"]`'


@pytest.mark.parametrize(
    "value",
    [
        'os.getenv("DEBUG", "True") == "True"',
        'bool(os.environ.get("DEBUG", True))',
        'os.environ.get("DEBUG", "1").lower() in ("1", "true")',
        'env.bool("DEBUG", default=True)',
        'config("DEBUG", default="true", cast=bool)',
        'not os.environ.get("PRODUCTION")',
    ],
)
def test_every_way_of_defaulting_to_on(analyze: Analyze, value: str) -> None:
    source = f"import os\n\nDEBUG = {value}\n"
    assert codes(analyze(source, name="settings.py")) == [("debug-on-by-default", 3)]


@pytest.mark.parametrize(
    "value",
    [
        'os.getenv("DEBUG") == "1"',
        'os.getenv("DEBUG", "False") == "True"',
        'env.bool("DEBUG", default=False)',
        'os.environ["DEBUG"] != "0"',
        'os.getenv("DEBUG", "0")',
        "False",
    ],
)
def test_debug_off_unless_asked_for_is_not_a_finding(analyze: Analyze, value: str) -> None:
    source = f"import os\n\nDEBUG = {value}\n"
    assert analyze(source, name="settings.py") == []


def test_plain_debug_true_only_in_shipped_settings(analyze: Analyze) -> None:
    source = "DEBUG = True\nALLOWED_HOSTS = ['*']\n"
    assert codes(analyze(source, name="production.py")) == [
        ("debug-on-by-default", 1),
        ("allowed-hosts-wildcard", 2),
    ]
    assert analyze(source, name="settings_dev.py") == []
    assert analyze(source, name="local.py") == []
    assert analyze("DEBUG = True\n", name="views.py") == []


def test_development_classes_and_debug_branches_are_skipped(analyze: Analyze) -> None:
    source = """\
    import os


    class Config:
        DEBUG = os.environ.get("FLASK_DEBUG") == "1"


    class DevelopmentConfig(Config):
        DEBUG = True


    class TestingConfig(Config):
        DEBUG = os.getenv("DEBUG", "1") == "1"


    if Config.DEBUG:
        ALLOWED_HOSTS = ["*"]
    else:
        ALLOWED_HOSTS = ["*"]
    """
    assert codes(analyze(source, name="config.py")) == [("allowed-hosts-wildcard", 19)]


def test_pydantic_settings_field_defaulting_to_true(analyze: Analyze) -> None:
    source = """\
    from pydantic_settings import BaseSettings


    class Settings(BaseSettings):
        debug: bool = True
        verbose: bool = True


    class Options:
        debug: bool = True
    """
    findings = analyze(source, name="app.py")
    assert codes(findings) == [("debug-on-by-default", 5)]
    assert "`debug` defaults to `True` in `Settings`" in findings[0].message


def test_starlette_cors_every_origin_with_credentials(analyze: Analyze) -> None:
    source = """\
    from fastapi import FastAPI
    from fastapi.middleware.cors import CORSMiddleware
    from starlette.middleware import Middleware

    app = FastAPI()
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)
    app.add_middleware(CORSMiddleware, allow_origin_regex=".*", allow_credentials=True)
    app.add_middleware(CORSMiddleware, allow_origins=["*"])
    app.add_middleware(CORSMiddleware, allow_origins=ORIGINS, allow_credentials=True)
    other = FastAPI(middleware=[Middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)])
    """
    findings = analyze(source, name="main.py")
    assert codes(findings) == [
        ("cors-wildcard-credentials", 6),
        ("cors-wildcard-credentials", 7),
        ("cors-wildcard-credentials", 10),
    ]
    assert findings[0].message == (
        '`CORSMiddleware` allows every origin (`allow_origins=["*"]`) together with '
        "`allow_credentials=True`"
    )


def test_flask_cors_default_origins_with_credentials(analyze: Analyze) -> None:
    source = """\
    from flask import Flask
    from flask_cors import CORS

    app = Flask(__name__)
    CORS(app, supports_credentials=True)
    CORS(app, origins="*", supports_credentials=True)
    CORS(app, origins=["https://shop.example.com"], supports_credentials=True)
    CORS(app, resources={r"/api/*": {"origins": "https://shop.example.com"}}, supports_credentials=True)
    CORS(app)
    """
    findings = analyze(source, name="app.py")
    assert codes(findings) == [
        ("cors-wildcard-credentials", 5),
        ("cors-wildcard-credentials", 6),
    ]
    assert "its default `origins`, every origin" in findings[0].message


def test_a_cors_name_from_elsewhere_is_not_flask_cors(analyze: Analyze) -> None:
    source = """\
    from myapp.web import CORS

    CORS(app, supports_credentials=True)
    """
    assert analyze(source, name="app.py") == []


def test_django_cors_headers_allow_all_with_credentials(analyze: Analyze) -> None:
    both = "CORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = True\n"
    assert codes(analyze(both, name="settings.py")) == [("cors-wildcard-credentials", 1)]
    old_name = both.replace("CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL")
    assert codes(analyze(old_name, name="settings.py")) == [("cors-wildcard-credentials", 1)]
    without_credentials = "CORS_ALLOW_ALL_ORIGINS = True\n"
    assert analyze(without_credentials, name="settings.py") == []
    assert analyze(both, name="settings_local.py") == []


def test_test_modules_are_skipped(analyze: Analyze) -> None:
    assert analyze(DJANGO_SETTINGS, name="test_settings.py") == []


def test_flask_cors_origins_per_resource(analyze: Analyze) -> None:
    source = """\
    from flask_cors import CORS

    CORS(app, resources={r"/api/*": {"origins": "*"}}, supports_credentials=True)
    CORS(app, resources={r"/public/*": {"origins": "*"}, r"/api/*": {"origins": ORIGINS}})
    CORS(app, resources={r"/feed/*": {"origins": "*", "supports_credentials": True}})
    """
    findings = analyze(source, name="app.py")
    assert codes(findings) == [
        ("cors-wildcard-credentials", 3),
        ("cors-wildcard-credentials", 5),
    ]
    assert findings[0].message == (
        '`CORS` allows every origin on `/api/*` (`origins="*"`) together with '
        "`supports_credentials=True`"
    )


def test_base_settings_that_production_settles_are_not_findings(analyze: Analyze) -> None:
    base = "DEBUG = True\nALLOWED_HOSTS = ['*']\n"
    production = "from .base import *\n\nDEBUG = False\nALLOWED_HOSTS = ['shop.example.com']\n"
    files = {"settings/__init__": "", "settings/production": production}
    assert analyze(base, name="settings/base.py", **files) == []
    without_production = {"settings/__init__": ""}
    assert codes(analyze(base, name="settings/base.py", **without_production)) == [
        ("debug-on-by-default", 1),
        ("allowed-hosts-wildcard", 2),
    ]


def test_settings_under_a_development_environment_test_are_skipped(analyze: Analyze) -> None:
    source = """\
    import os

    ENVIRONMENT = os.environ.get("ENVIRONMENT", "production")
    if ENVIRONMENT in ("local", "development"):
        ALLOWED_HOSTS = ["*"]
        CORS_ALLOW_ALL_ORIGINS = True
    elif ENVIRONMENT == "staging":
        ALLOWED_HOSTS = ["*"]
    CORS_ALLOW_CREDENTIALS = True
    """
    assert codes(analyze(source, name="settings.py")) == [("allowed-hosts-wildcard", 8)]
