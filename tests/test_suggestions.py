"""Suggested changes built from the flagged lines, on small files reviewed for real: each
change, made to the file, gives code that parses, no longer draws the rule, and keeps the
user's own names; ruff's own fixes give what `ruff check --fix` gives."""

from __future__ import annotations

import ast
import functools
import subprocess
from pathlib import Path

import pytest

from reviewer.analyzers.design import DesignAnalyzer
from reviewer.analyzers.tools.bandit import BanditAnalyzer
from reviewer.analyzers.tools.ruff import RuffAnalyzer, ruff_binary
from reviewer.catalog.rules import Catalog, load_catalog
from reviewer.config.analyzers import RuffOptions
from reviewer.config.options import ReviewConfig
from reviewer.model import Comment, Review, Suggestion, Voice
from reviewer.pipeline.run import run_review
from reviewer.render.comments import make_renderer
from reviewer.suggestions import BUILDERS, Flagged
from reviewer.suggestions.base import applied
from tests.helpers import write


@functools.cache
def shipped() -> Catalog:
    return load_catalog()


def reviewed(folder: Path) -> Review:
    catalog = shipped()
    ruff = RuffAnalyzer(RuffOptions(catalog.codes_for("ruff")))
    config = ReviewConfig(paths=(str(folder),), cache_dir=None)
    analyzers = [ruff, BanditAnalyzer(), DesignAnalyzer()]
    return run_review(config, analyzers, catalog, make_renderer(Voice.PEER))


def comment_on(review: Review, rule_id: str) -> Comment:
    [comment] = [c for c in review.comments if c.rule.id == rule_id]
    return comment


def suggested(folder: Path, name: str, text: str, rule_id: str) -> tuple[Suggestion, str]:
    """The suggestion of the file's comment on the rule, and the file with it made."""
    path = write(folder, name, text)
    suggestion = comment_on(reviewed(folder), rule_id).suggestion
    assert suggestion is not None
    assert suggestion.before == "\n".join(
        text.splitlines()[suggestion.line - 1 : suggestion.end_line]
    )
    return suggestion, applied(path.read_text(encoding="utf-8"), suggestion)


def rules_of(folder: Path, name: str, text: str) -> set[str]:
    write(folder, name, text)
    return {c.rule.id for c in reviewed(folder).comments}


def ruff_fixed(folder: Path, text: str, code: str, *, unsafe: bool) -> str:
    """What `ruff check --fix` makes of the file, on a copy of it."""
    copy = write(folder, "copy.py", text)
    extra = ["--unsafe-fixes"] if unsafe else []
    command = [ruff_binary(), "check", "--isolated", "--no-cache", "--fix", *extra]
    subprocess.run([*command, "--select", code, "--exit-zero", str(copy)], check=True)
    return copy.read_text(encoding="utf-8")


# (rule id, ruff code, a file with one such diagnostic, the fix is ruff's safe one)
RUFF_CASES = [
    (
        "unused-import",
        "F401",
        "import json\nimport os\n\n\ndef home() -> str:\n    return os.getcwd()\n",
        True,
    ),
    (
        "non-idiomatic-comparison",
        "E711",
        "def missing(value: object) -> bool:\n    return value == None\n",
        False,
    ),
    (
        "non-idiomatic-comparison",
        "E713",
        "def absent(key: str, seen: set[str]) -> bool:\n    return not key in seen\n",
        True,
    ),
    (
        "mutable-default-argument",
        "B006",
        "def collect(item: int, bucket: list[int] = []) -> list[int]:\n"
        "    bucket.append(item)\n    return bucket\n",
        False,
    ),
]


@pytest.mark.parametrize(("rule_id", "code", "text", "safe"), RUFF_CASES)
def test_ruffs_own_fix_gives_what_ruff_fix_gives(
    tmp_path: Path, rule_id: str, code: str, text: str, safe: bool
) -> None:
    suggestion, fixed = suggested(tmp_path / "project", "module.py", text, rule_id)
    assert suggestion.source == "ruff"
    assert suggestion.safe is safe
    assert suggestion.note
    assert fixed == ruff_fixed(tmp_path / "copy", text, code, unsafe=not safe)
    ast.parse(fixed)


def ours(folder: Path, name: str, text: str, rule_id: str) -> tuple[Suggestion | None, Comment]:
    """Our rewrite for the file's comment on the rule, built from its lead place alone."""
    path = write(folder, name, text)
    comment = comment_on(reviewed(folder), rule_id)
    lead = comment.primary.location
    flagged = Flagged(rule_id, lead.path, lead.line, lead.end_line, (), path.read_text())
    return BUILDERS[rule_id](flagged), comment


# (rule id, file name, text, what the changed lines read, the rule goes once it is made)
REWRITES = [
    (
        "request-without-timeout",
        "client.py",
        "import requests\n\n\ndef fetch_profile(profile_url: str) -> str:\n"
        "    response = requests.get(profile_url, headers={'Accept': 'text/html'})\n"
        "    return response.text\n",
        "    response = requests.get(profile_url, headers={'Accept': 'text/html'}, timeout=10)",
        True,
    ),
    (
        "sql-injection",
        "users.py",
        "import sqlite3\n\n\n"
        "def find_user(connection: sqlite3.Connection, username: str) -> list[str]:\n"
        "    cursor = connection.cursor()\n"
        "    cursor.execute(f\"SELECT name FROM users WHERE name = '{username}'\")\n"
        "    return [row[0] for row in cursor.fetchall()]\n",
        '    cursor.execute("SELECT name FROM users WHERE name = ?", (username,))',
        True,
    ),
    (
        "sql-injection",
        "orders.py",
        "def orders_of(cursor, customer_id, status):\n"
        "    query = \"SELECT id FROM orders WHERE customer = %s AND status = '%s'\" % (\n"
        "        customer_id,\n        status,\n    )\n"
        "    cursor.execute(query)\n"
        "    return cursor.fetchall()\n",
        '    query = "SELECT id FROM orders WHERE customer = %s AND status = %s"\n'
        "    cursor.execute(query, (customer_id, status))",
        True,
    ),
    (
        "sql-injection",
        "items.py",
        "def drop_item(db, item_id):\n"
        '    db.execute("DELETE FROM items WHERE id = " + str(item_id))\n',
        '    db.execute("DELETE FROM items WHERE id = %s", (item_id,))',
        True,
    ),
    (
        "raise-without-from",
        "ports.py",
        "def parse_port(raw_port: str) -> int:\n    try:\n        return int(raw_port)\n"
        "    except ValueError as parse_error:\n"
        '        raise RuntimeError(f"not a port: {raw_port}")\n',
        '        raise RuntimeError(f"not a port: {raw_port}") from parse_error',
        True,
    ),
    (
        "hash-not-for-security",
        "avatars.py",
        "import hashlib\n\n\ndef gravatar_url(email: str) -> str:\n"
        "    digest = hashlib.md5(email.strip().lower().encode()).hexdigest()\n"
        '    return f"https://www.gravatar.com/avatar/{digest}"\n',
        "    digest = hashlib.md5(email.strip().lower().encode(), usedforsecurity=False).hexdigest()",
        True,
    ),
    (
        "weak-hash",
        "accounts.py",
        "import hashlib\n\n\ndef password_digest(password: str) -> str:\n"
        "    return hashlib.sha1(password.encode()).hexdigest()\n",
        "    return hashlib.sha256(password.encode()).hexdigest()",
        True,
    ),
    (
        "mutable-default-argument",
        "tags.py",
        "def tag_names(post: dict[str, str], seen_tags: set[str] = set()) -> set[str]:\n"
        '    """The tags of the post, added to those seen."""\n'
        '    seen_tags.add(post["tag"])\n    return seen_tags\n',
        "def tag_names(post: dict[str, str], seen_tags: set[str] | None = None) -> set[str]:\n"
        '    """The tags of the post, added to those seen."""\n'
        "    if seen_tags is None:\n        seen_tags = set()\n"
        '    seen_tags.add(post["tag"])',
        True,
    ),
    (
        "unsafe-deserialization",
        "settings.py",
        "import yaml\n\n\ndef load_settings(settings_path: str) -> object:\n"
        "    with open(settings_path) as settings_file:\n"
        "        return yaml.load(settings_file, Loader=yaml.Loader)\n",
        "        return yaml.safe_load(settings_file)",
        True,
    ),
    (
        "broad-except",
        "config.py",
        "import json\n\n\ndef read_port(config_path: str) -> int:\n    try:\n"
        "        with open(config_path) as config_file:\n"
        "            config = json.loads(config_file.read())\n"
        '        return int(config["port"])\n'
        "    except Exception as failure:\n"
        '        print(f"no port in {config_path}: {failure}")\n'
        "        return 8000\n",
        "    except (OSError, json.JSONDecodeError, ValueError, KeyError) as failure:",
        True,
    ),
]


@pytest.mark.parametrize(("rule_id", "name", "text", "expected", "goes"), REWRITES)
def test_our_rewrite_changes_the_flagged_lines_and_the_rule_goes(
    tmp_path: Path, rule_id: str, name: str, text: str, expected: str, goes: bool
) -> None:
    suggestion, comment = ours(tmp_path / "project", name, text, rule_id)
    assert suggestion is not None
    assert suggestion.source == "review"
    assert suggestion.after == expected
    assert suggestion.note
    assert comment.suggestion is not None
    fixed = applied(text, suggestion)
    ast.parse(fixed)
    if goes:
        assert rule_id not in rules_of(tmp_path / "after", name, fixed)
