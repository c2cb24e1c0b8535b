"""Idioms the analyzers' codes misread, reviewed for real by ruff and bandit with the shipped
catalog: each comment either goes or gives advice that does not break the code."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from reviewer.analyzers.design import DesignAnalyzer
from reviewer.analyzers.tools.bandit import BanditAnalyzer
from reviewer.analyzers.tools.mypy import MypyAnalyzer
from reviewer.analyzers.tools.ruff import RuffAnalyzer
from reviewer.catalog.rules import Catalog, load_catalog
from reviewer.config.analyzers import RuffOptions
from reviewer.config.options import ReviewConfig
from reviewer.model import Review, Severity, Voice
from reviewer.pipeline.run import run_review
from reviewer.render.comments import make_renderer
from tests.helpers import write


@functools.cache
def shipped() -> Catalog:
    return load_catalog()


def reviewed(folder: Path, type_checked: bool = False) -> Review:
    catalog = shipped()
    ruff = RuffAnalyzer(RuffOptions(catalog.codes_for("ruff")))
    analyzers = [ruff, BanditAnalyzer(), DesignAnalyzer()]
    analyzers += [MypyAnalyzer()] if type_checked else []
    config = ReviewConfig(paths=(str(folder),), cache_dir=None)
    return run_review(config, analyzers, catalog, make_renderer(Voice.PEER))


def body_of(folder: Path, rule_id: str, type_checked: bool = False) -> str:
    [comment] = [c for c in reviewed(folder, type_checked).comments if c.rule.id == rule_id]
    return comment.body


def comments(folder: Path, type_checked: bool = False) -> dict[tuple[str, int], Severity]:
    """(rule id, line) of every place commented on in the folder, with the severity."""
    review = reviewed(folder, type_checked)
    return {
        (c.rule.id, o.location.line): c.severity for c in review.comments for o in c.occurrences
    }


def rules_at(found: dict[tuple[str, int], Severity], line: int) -> set[str]:
    return {rule for rule, at in found if at == line}


TASKS = """\
from sqlalchemy import Boolean, Column, Integer, and_, select
from sqlalchemy.orm import DeclarativeBase, Session


class Base(DeclarativeBase):
    pass


class Task(Base):
    __tablename__ = "tasks"
    id = Column(Integer, primary_key=True)
    complete = Column(Boolean)


def open_tasks(session: Session) -> list[Task]:
    query = select(Task).where(Task.complete == False)
    return list(session.scalars(query))


def open_after(session: Session, first: int) -> list[Task]:
    return session.query(Task).filter(and_(Task.complete == False, Task.id > first)).all()


def is_done(task: Task) -> bool:
    return task.complete == True


def open_ids(tasks: list[Task]) -> list[int]:
    return [t.id for t in filter(lambda t: t.complete == False, tasks)]
"""


def test_boolean_comparison_in_a_query_points_to_is_(tmp_path: Path) -> None:
    write(tmp_path, "tasks.py", TASKS)
    found = comments(tmp_path)
    assert rules_at(found, 16) == {"sqlalchemy-boolean-comparison"}
    assert rules_at(found, 21) == {"sqlalchemy-boolean-comparison"}
    assert rules_at(found, 25) == {"non-idiomatic-comparison"}  # plain Python: `not` is right
    assert "non-idiomatic-comparison" in rules_at(found, 29)  # the builtin `filter`
    body = body_of(tmp_path, "sqlalchemy-boolean-comparison")
    assert "Task.complete.is_(False)" in body
    assert "use `not Task.complete" not in body  # ruff's words are the advice replaced


def test_the_moved_comment_is_ignored_by_its_own_id_and_by_the_code(tmp_path: Path) -> None:
    ignored = TASKS.replace(
        "where(Task.complete == False)",
        "where(Task.complete == False)  # review: ignore[sqlalchemy-boolean-comparison]",
    ).replace("and_(Task.complete == False", "and_(Task.complete == False  # noqa: E712\n")
    write(tmp_path, "tasks.py", ignored)
    found = comments(tmp_path)
    assert rules_at(found, 16) == set()
    assert rules_at(found, 21) == set()


FLASK_INIT = """\
from flask import Blueprint

bp = Blueprint("main", __name__)

from app.main import routes
"""

VIEWS_INIT = """\
from flask import Flask

import json

app = Flask(__name__)

from . import views, models
"""


def test_an_import_that_registers_routes_is_kept(tmp_path: Path) -> None:
    write(tmp_path / "app" / "main", "__init__.py", FLASK_INIT)
    write(tmp_path / "app" / "main", "routes.py", "from app.main import bp\n")
    write(tmp_path / "site", "__init__.py", VIEWS_INIT)
    write(tmp_path / "site", "views.py", "")
    write(tmp_path / "site", "models.py", "")
    found = comments(tmp_path)
    assert rules_at(found, 5) == {"registration-import"}
    assert rules_at(found, 7) == {"registration-import"}
    assert rules_at(found, 3) == {"unused-import"}  # `json` registers nothing
    assert "consider removing" not in body_of(tmp_path, "registration-import").lower()


SECRETS = """\
import os

token_type = "bearer"
password_field = "password"
AUTH_SCHEME = "Bearer"
TOKEN_URL = "https://auth.example.com/token"
api_token = "sk_live_4f9a8b7c6d5e"
OAUTH_FORM = {"grant_type": "refresh_token", "token_type": "Bearer"}
TOKEN_ENDPOINT = "https://admin:hunter2@auth.example.com/token"


def login(user: str, password: str = "") -> dict[str, str]:
    return {"user": user, "token": os.environ.get("TOKEN", "")}


def connect(password: str = "s3cr3t-pa55") -> str:
    return password


def header(value: str) -> str:
    token_kind = "bearer"
    return f"{token_kind} {value}"


SERVICE_ACCOUNT = {
    "client_id": "114585708723701029855",
    "token_uri": "https://accounts.google.com/o/oauth2/token",
}
"""


def test_a_secret_needs_a_secret_like_value(tmp_path: Path) -> None:
    write(tmp_path, "auth.py", SECRETS)
    found = comments(tmp_path)
    secrets = sorted(line for rule, line in found if rule == "hardcoded-secret")
    assert secrets == [7, 9, 16]


HASHES = """\
import hashlib


def gravatar_url(email: str) -> str:
    digest = hashlib.md5(email.lower().encode()).hexdigest()
    return f"https://www.gravatar.com/avatar/{digest}"


def etag(body: bytes) -> str:
    return hashlib.sha1(body).hexdigest()


def hash_password(password: str) -> str:
    return hashlib.md5(password.encode()).hexdigest()
"""


def test_a_hash_of_no_secret_is_a_nit(tmp_path: Path) -> None:
    write(tmp_path, "hashes.py", HASHES)
    found = comments(tmp_path)
    assert found[("hash-not-for-security", 5)] is Severity.NIT
    assert found[("hash-not-for-security", 10)] is Severity.NIT
    assert rules_at(found, 14) == {"weak-hash"}


COMMANDS = """\
import os
import subprocess

import click
from flask import Flask, request

app = Flask(__name__)


@click.command()
def migrate() -> None:
    os.system("flask db upgrade")


@click.command()
@click.argument("lang")
def init(lang: str) -> None:
    os.system("pybabel init -i messages.pot -d app/translations -l " + lang)


def deploy() -> None:
    os.system("git push production main")


@app.post("/backup")
def backup() -> str:
    subprocess.run(f"tar -czf {request.form['name']}.tgz data/", shell=True)
    return "ok"
"""

BACKUP = """\
import os

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    def handle(self, *args: object, **options: object) -> None:
        name = settings.DATABASES["default"]["NAME"]
        os.system(f"pg_dump --format=c --file=backup.dump {name}")
"""


def test_a_shell_command_in_a_developer_command_is_minor(tmp_path: Path) -> None:
    write(tmp_path, "cli.py", COMMANDS)
    write(tmp_path, "manage.py", 'import os\n\n\ndef test() -> None:\n    os.system("pytest -q")\n')
    write(tmp_path / "core" / "management" / "commands", "backup.py", BACKUP)
    found = comments(tmp_path)
    assert found[("shell-command-in-dev-script", 5)] is Severity.MINOR
    assert found[("shell-command-in-dev-script", 12)] is Severity.MINOR
    assert found[("shell-command-in-dev-script", 18)] is Severity.MINOR  # its own argument
    assert found[("shell-command-in-dev-script", 10)] is Severity.MINOR  # a management command
    assert "subprocess-shell" in rules_at(found, 22)  # not a developer command
    assert "subprocess-shell" in rules_at(found, 27)  # a request reaches the shell


ROUTES = """\
from datetime import datetime

from fastapi import Depends, FastAPI, Header

app = FastAPI()


class Session:
    pass


def get_db() -> Session:
    return Session()


@app.get("/items")
def items(db: Session = Depends(get_db), agent: str = Header(None)) -> list[str]:
    return [str(db), agent]


def stamp(now: datetime = datetime.now()) -> datetime:
    return now
"""


def test_request_parameters_in_defaults_are_not_findings(tmp_path: Path) -> None:
    write(tmp_path, "routes.py", ROUTES)
    found = comments(tmp_path)
    assert "call-in-default-argument" not in rules_at(found, 17)
    assert "call-in-default-argument" in rules_at(found, 21)


TAGS = """\
from django import template
from django.db import models
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

register = template.Library()


@register.simple_tag
def sorting_arrow(name: str, current: str) -> str:
    if current == f"-{name}":
        return mark_safe(f'<a href="?order={name}">&#9660;</a>')
    return mark_safe('<a href="?order=-%s">&#9650;</a>' % name)


class Event(models.Model):
    credit = models.CharField(
        max_length=200,
        help_text=mark_safe(
            "Only pictures with a <a href='https://creativecommons.org/'>CC license</a>."
        ),
    )
    notes = models.TextField(help_text=mark_safe(_("Markdown, <b>no</b> HTML.")))


def greeting(request) -> str:
    return mark_safe(f"<p>Hello {request.GET['name']}</p>")


def raw(html: str) -> str:
    return mark_safe(html)
"""


def test_markup_the_code_writes_itself_is_no_xss(tmp_path: Path) -> None:
    write(tmp_path, "tags.py", TAGS)
    found = comments(tmp_path)
    assert found[("formatted-markup-marked-safe", 12)] is Severity.MINOR
    assert found[("formatted-markup-marked-safe", 13)] is Severity.MINOR
    assert rules_at(found, 19) == set()  # a literal
    assert rules_at(found, 23) == set()  # a translated literal
    assert found[("unescaped-html", 27)] is Severity.MAJOR  # the request reaches the page
    assert found[("unescaped-html", 31)] is Severity.MAJOR  # a value from elsewhere
    assert "format_html" in body_of(tmp_path, "formatted-markup-marked-safe")


PLACEHOLDERS = """\
import os

from flask import Flask

app = Flask(__name__)
app.config["SECRET_KEY"] = "change-me"
SECRET_KEY = "<your secret key>"
MAIL_PASSWORD = "UNDEFINED"
API_TOKEN = "xxxxxxxx"
DB_PASSWORD = "hunter2-prod"


def setup_email(event: str) -> dict[str, str]:
    return {"event": event, "email_password": "UNDEFINED"}
"""

DEV_SETTINGS = """\
class Config:
    TESTING = False


class DevelopmentConfig(Config):
    SECRET_KEY = "dev"
"""


def test_a_placeholder_is_no_leaked_secret_but_a_signing_key_must_be_set(
    tmp_path: Path,
) -> None:
    write(tmp_path, "app.py", PLACEHOLDERS)
    write(tmp_path, "config.py", DEV_SETTINGS)
    write(tmp_path / "settings", "local.py", 'SECRET_KEY = "changeme"\n')
    found = comments(tmp_path)
    assert found[("placeholder-secret-key", 6)] is Severity.MINOR
    assert found[("placeholder-secret-key", 7)] is Severity.MINOR
    assert rules_at(found, 8) == set()
    assert rules_at(found, 9) == set()
    assert found[("hardcoded-secret", 10)] is Severity.MAJOR  # a real-looking value
    assert rules_at(found, 14) == set()  # a placeholder a template prints for a human
    review = reviewed(tmp_path)
    secrets = [c for c in review.comments if c.rule.category == "security"]
    placed = {o.location.path for c in secrets for o in c.occurrences}
    assert not any(p.endswith(("config.py", "local.py")) for p in placed)  # development only
    assert "os.environ" in body_of(tmp_path, "placeholder-secret-key")


def test_a_table_of_password_functions_is_no_secret(tmp_path: Path) -> None:
    write(
        tmp_path,
        "hashing.py",
        '''"""Password functions by name."""

KDF_CALLS = {
    "werkzeug.security.generate_password_hash": "werkzeug",
    "django.contrib.auth.hashers.make_password": "Django",
}
DATABASE = {
    "password": "hunter2-real",
}
''',
    )
    found = comments(tmp_path)
    assert [key for key in found if key[0] == "hardcoded-secret"] == [("hardcoded-secret", 8)]


STORIES = """\
import logging
from urllib.error import HTTPError
from urllib.request import urlopen

from celery import shared_task

logger = logging.getLogger(__name__)


def fetch_images(urls: list[str]) -> list[bytes]:
    images = []
    for url in urls:
        try:
            images.append(urlopen(url, timeout=5).read())
        except HTTPError as error:
            print(f"HTTP error for {url}: {error.code}")
        except Exception:
            logger.exception("could not fetch %s", url)
    return images


@shared_task
def refresh_feed(url: str) -> None:
    try:
        urlopen(url, timeout=5).read()
    except Exception as error:
        logger.error("feed %s failed", url, exc_info=error)


def load_profile(url: str) -> bytes:
    data = b""
    try:
        data = urlopen(url, timeout=5).read()
    except Exception:
        logger.error("profile failed")
    return data


def first_image(urls: list[str]) -> bytes:
    for url in urls:
        try:
            return urlopen(url, timeout=5).read()
        except Exception:
            logger.error("no image")
    return b""
"""


def test_a_failed_item_reported_and_skipped_is_minor(tmp_path: Path) -> None:
    write(tmp_path, "stories.py", STORIES)
    found = comments(tmp_path)
    assert found[("logged-and-skipped", 15)] is Severity.MINOR
    assert found[("logged-and-skipped", 17)] is Severity.MINOR
    assert found[("logged-and-skipped", 26)] is Severity.MINOR  # a background job
    assert found[("log-and-swallow", 34)] is Severity.MAJOR  # no loop, no error named
    assert found[("log-and-swallow", 43)] is Severity.MAJOR  # the error is not named
    assert "logger.exception" in body_of(tmp_path, "logged-and-skipped")


NONES = """\
import re
from typing import Optional

CARD = re.compile(r"/c/([a-z0-9]+)")


class User:
    def __init__(self, email: str) -> None:
        self.email = email


USERS: dict[int, User] = {}


def card_id(url: str) -> str:
    return CARD.search(url).group(1)


def email_of(user_id: int) -> str:
    return USERS.get(user_id).email


def send(address: str) -> None:
    print(address)


def notify(user_id: int, address: Optional[str]) -> None:
    send(address)


def pages(total: Optional[int]) -> int:
    return 100 // total


def applications(event: str, user: User = None) -> list[str]:
    return [event]


def label(count: int) -> str:
    return count + "items"


try:
    from urllib.request import urlopen
except ImportError:
    from urllib import urlopen  # type: ignore[attr-defined, no-redef]

try:
    import json
except ImportError:
    json = None
"""


def test_a_value_that_may_be_none_is_minor_and_keeps_the_checker_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    write(tmp_path, "pyproject.toml", '[project]\nname = "app"\n')
    write(tmp_path / "app", "nones.py", NONES)
    found = comments(tmp_path, type_checked=True)
    for line in (16, 20, 28, 32):
        assert found[("value-may-be-none", line)] is Severity.MINOR, line
    assert found[("implicit-optional-default", 35)] is Severity.NIT
    assert found[("unsupported-operation", 40)] is Severity.MAJOR  # not about None
    assert rules_at(found, 51) == set()  # `json = None`: the fallback when the import fails
    body = body_of(tmp_path, "value-may-be-none", type_checked=True)
    assert '"None"' in body  # mypy's words name the type


FALLBACK = """\
try:
    from urllib.request import urlopen
except ImportError:
    from urllib import urlopen


def fetch(url: str) -> bytes:
    return bytes(urlopen(url, timeout=5).read())


def first() -> int:
    return 1


def first() -> int:
    return 2
"""


def test_an_import_error_fallback_is_no_redefinition(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    write(tmp_path, "pyproject.toml", '[project]\nname = "app"\n')
    write(tmp_path / "app", "fetch.py", FALLBACK)
    found = comments(tmp_path, type_checked=True)
    assert rules_at(found, 4) == set()
    assert "redefined-unused-name" in rules_at(found, 15)


QUERIES = """\
import logging
import sqlite3

log = logging.getLogger(__name__)
TABLE = "orders"


def count(conn: sqlite3.Connection) -> int:
    return conn.execute(f"SELECT COUNT(*) FROM {TABLE}").fetchone()[0]


def by_ids(conn: sqlite3.Connection, ids: list[int]) -> list[tuple[int, str]]:
    marks = ", ".join("?" * len(ids))
    return conn.execute(f"SELECT id, name FROM orders WHERE id IN ({marks})", ids).fetchall()


def by_name(conn: sqlite3.Connection, name: str) -> list[tuple[int, str]]:
    return conn.execute(f"SELECT id, name FROM orders WHERE name = '{name}'").fetchall()


def by_status(conn: sqlite3.Connection, status: str) -> list[tuple[int, str]]:
    query = "SELECT id, name FROM orders WHERE status = '%s'" % status
    return conn.execute(query).fetchall()


def announce(name: str) -> None:
    log.info("SELECT your dish from the menu, %s" % name)


def refuse(name: str) -> None:
    raise ValueError("DELETE FROM is not allowed for " + name)
"""


def test_sql_built_from_the_codes_own_constants_or_only_said_is_no_injection(
    tmp_path: Path,
) -> None:
    write(tmp_path, "orders.py", QUERIES)
    found = comments(tmp_path)
    sql = {line for rule, line in found if rule == "sql-injection"}
    assert sql == {18, 22}  # a parameter in the text; the constant table, joined marks are not
    assert found[("sql-injection", 18)] is Severity.BLOCKER
    assert not rules_at(found, 26) & {"sql-injection"}  # a log line that reads like SQL
    assert not rules_at(found, 30) & {"sql-injection"}  # an error message


RESPONSE_ROUTES = """\
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter()


class UserPublic:
    pass


@router.get("/users/{user_id}", response_model=UserPublic)
def read_user(user_id: int) -> Any:
    return {"id": user_id}


@router.get("/users/{user_id}/raw")
def read_raw(user_id: int) -> Any:
    return {"id": user_id}


def helper(value: Any) -> Any:
    return value
"""


def test_any_on_a_route_that_declares_its_response_model_is_no_comment(tmp_path: Path) -> None:
    write(tmp_path, "routes.py", RESPONSE_ROUTES)
    found = comments(tmp_path)
    any_lines = {line for rule, line in found if rule == "any-type"}
    assert not {14, 28} & any_lines  # response_model or response_class says what is sent
    assert {19, 23} <= any_lines  # no response model; a plain helper
