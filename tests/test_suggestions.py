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
from reviewer.model import Comment, Finding, Location, Review, Suggestion, Voice
from reviewer.pipeline.run import run_review
from reviewer.render.comments import make_renderer
from reviewer.suggestions import BUILDERS, Flagged, suggestion_for
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


def drawn_by(review: Review, source: str) -> Comment:
    """The comment whose places an analyzer's code (`ruff:F401`) flagged."""
    [comment] = [c for c in review.comments if source in c.sources]
    return comment


def suggested(folder: Path, name: str, text: str, code: str) -> tuple[Suggestion, str]:
    """The suggestion of the comment drawn by ruff's code, and the file with it made."""
    write(folder, name, text)
    suggestion = drawn_by(reviewed(folder), f"ruff:{code}").suggestion
    assert suggestion is not None
    lines = text.splitlines()[suggestion.line - 1 : suggestion.end_line]
    assert suggestion.before == "\n".join(lines)
    return suggestion, applied(text, suggestion)


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


# (ruff code, a file with one such diagnostic, the fix is ruff's safe one)
RUFF_CASES = [
    ("F401", "import json\nimport os\n\n\ndef home() -> str:\n    return os.getcwd()\n", True),
    ("E711", "def missing(value: object) -> bool:\n    return value == None\n", False),
    ("E713", "def absent(key: str, seen: set[str]) -> bool:\n    return not key in seen\n", True),
    (
        "B006",
        "def collect(item: int, bucket: list[int] = []) -> list[int]:\n"
        "    bucket.append(item)\n    return bucket\n",
        False,
    ),
    (
        "SIM118",
        "def known(name: str, table: dict[str, int]) -> bool:\n    return name in table.keys()\n",
        True,
    ),
    (
        "C419",
        "def any_negative(values: list[int]) -> bool:\n    return any([v < 0 for v in values])\n",
        False,
    ),
    (
        "PIE790",
        'class Empty:\n    """Nothing yet."""\n\n    pass\n',
        True,
    ),
]


@pytest.mark.parametrize(("code", "text", "safe"), RUFF_CASES)
def test_ruffs_own_fix_gives_what_ruff_fix_gives(
    tmp_path: Path, code: str, text: str, safe: bool
) -> None:
    suggestion, fixed = suggested(tmp_path / "project", "module.py", text, code)
    assert suggestion.source == "ruff"
    assert suggestion.safe is safe
    assert suggestion.note
    assert fixed == ruff_fixed(tmp_path / "copy", text, code, unsafe=not safe)
    ast.parse(fixed)


def ours(folder: Path, name: str, text: str, rule_id: str) -> tuple[Suggestion | None, Comment]:
    """Our rewrite for the file's comment on the rule: the comment's own, or where ruff's fix
    came first, the rule's builder given the comment's lead place."""
    path = write(folder, name, text)
    comment = comment_on(reviewed(folder), rule_id)
    if comment.suggestion is not None and comment.suggestion.source == "review":
        return comment.suggestion, comment
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
        "raise-without-from",
        "lookup.py",
        "PRICES = {'tea': 3}\n\n\ndef price_of(product: str) -> int:\n    try:\n"
        "        return PRICES[product]\n    except KeyError:\n"
        '        raise LookupError(f"no price for {product}")\n',
        "    except KeyError as error:\n"
        '        raise LookupError(f"no price for {product}") from error',
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
        "webhooks.py",
        "import hashlib\n\n\ndef signature(secret: str, body: bytes) -> str:\n"
        "    return hashlib.sha1(secret.encode() + body).hexdigest()\n",
        "    return hashlib.sha256(secret.encode() + body).hexdigest()",
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
        "subprocess-shell",
        "jobs.py",
        "import subprocess\n\n\ndef clean_build() -> None:\n"
        '    subprocess.call("rm -rf build", shell=True, cwd="/srv/site")\n',
        '    subprocess.call(["rm", "-rf", "build"], cwd="/srv/site")',
        True,
    ),
    (
        "shell-command-in-dev-script",
        "scripts/deploy.py",
        "import subprocess\n\n\ndef pull_latest() -> None:\n"
        '    subprocess.run("git pull --rebase origin main", shell=True)\n',
        '    subprocess.run(["git", "pull", "--rebase", "origin", "main"], check=True)',
        True,
    ),
    (
        "shell-command-in-dev-script",
        "scripts/restart.py",
        "import os\nimport subprocess\n\n\ndef restart() -> None:\n"
        '    os.system("systemctl restart webapp")\n',
        '    subprocess.run(["systemctl", "restart", "webapp"], check=True)',
        True,
    ),
    (
        "hidden-clock",
        "billing.py",
        "from dataclasses import dataclass\nfrom datetime import datetime, timezone\n\n\n"
        "@dataclass(frozen=True)\nclass Invoice:\n    due_at: datetime\n\n\n"
        "def is_overdue(invoice: Invoice) -> bool:\n"
        "    return datetime.now(timezone.utc) > invoice.due_at\n",
        "def is_overdue(invoice: Invoice, now: datetime) -> bool:\n    return now > invoice.due_at",
        True,
    ),
    (
        "constructs-collaborator",
        "orders.py",
        "import smtplib\nimport sqlite3\n\n\nclass OrderService:\n"
        "    def __init__(self, db_path: str, smtp_host: str, sender: str) -> None:\n"
        "        self._orders = sqlite3.connect(db_path)\n"
        "        self._mailer = smtplib.SMTP(smtp_host)\n"
        "        self._sender = sender\n\n"
        "    def place(self, order_id: int) -> None:\n"
        '        self._orders.execute("INSERT INTO orders (id) VALUES (?)", (order_id,))\n'
        '        self._mailer.sendmail(self._sender, ["ops@example.com"], str(order_id))\n',
        "    def __init__(self, sender: str, orders: sqlite3.Connection, mailer: smtplib.SMTP)"
        " -> None:\n"
        "        self._orders = orders\n        self._mailer = mailer",
        True,
    ),
    (
        "signing-key-fallback",
        "settings.py",
        "import os\n\n\nclass Config:\n"
        "    SECRET_KEY = os.environ.get('SECRET_KEY') or 'you-will-never-guess'\n",
        "    SECRET_KEY = os.environ['SECRET_KEY']",
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


ODD_CODE = [
    "def broken(:\n    pass\n",
    "",
    "\n\n\n",
    "requests.get(*places, **options)\n",
    "raise\n",
    "try:\n    pass\nexcept Exception:\n    raise ValueError('x')\n",
    "cursor.execute(query)\n",
    "cursor.execute(f'SELECT {a!r:>10}')\n",
    "cursor.execute('SELECT %(id)s' % {'id': 1})\n",
    "db.execute('SELECT ' + 'x')\n",
    "try:\n    work()\nexcept Exception:\n    pass\n",
    "yaml.load(*streams)\n",
    "os.system(command)\n",
    "subprocess.run('ls | wc -l', shell=True)\n",
    "subprocess.run('echo \"unclosed', shell=True)\n",
    "f = lambda items=[]: items\n",
    "def f(items=[]): return items\n",
    'def f(items=[]):\n    """Only a docstring."""\n',
    "hashlib.new(name)\n",
    "x = 'é'; hashlib.md5(b'')\n",
]


@pytest.mark.parametrize("text", ODD_CODE)
@pytest.mark.parametrize("rule_id", sorted(BUILDERS))
def test_a_builder_given_odd_code_returns_none_or_a_change_that_parses(
    rule_id: str, text: str
) -> None:
    for line in (1, 2, 4, 40):
        flagged = Flagged(rule_id, "odd.py", line, line, (), text)
        suggestion = BUILDERS[rule_id](flagged)
        if suggestion is not None:
            ast.parse(applied(text, suggestion))


def ruff_finding(fix: object) -> Finding:
    place = Location("odd.py", 1, 1, 1)
    return Finding("ruff", "F401", place, "`os` imported but unused", {"fix": fix})


@pytest.mark.parametrize(
    "fix",
    [
        None,
        "remove it",
        {"applicability": "display-only", "edits": [], "message": "m"},
        {"applicability": "safe", "edits": "none", "message": "m"},
        {"applicability": "safe", "edits": [{}], "message": "m"},
        {
            "applicability": "safe",
            "edits": [
                {
                    "content": "",
                    "location": {"row": 9, "column": 1},
                    "end_location": {"row": 9, "column": 4},
                }
            ],
        },
        {
            "applicability": "safe",
            "edits": [
                {
                    "content": "a",
                    "location": {"row": 1, "column": 1},
                    "end_location": {"row": 1, "column": 5},
                },
                {
                    "content": "b",
                    "location": {"row": 1, "column": 3},
                    "end_location": {"row": 1, "column": 7},
                },
            ],
        },
    ],
)
def test_a_ruff_fix_that_does_not_fit_gives_no_suggestion(fix: object) -> None:
    flagged = Flagged("unused-import", "odd.py", 1, 1, (ruff_finding(fix),), "import os\n")
    assert suggestion_for(flagged) is None


def test_ruffs_columns_count_characters_and_a_crlf_file_keeps_its_line_endings() -> None:
    text = 'name = "é"; import os\r\nprint(name)\r\n'
    edit = {
        "content": "",
        "location": {"row": 1, "column": 13},
        "end_location": {"row": 1, "column": 22},
    }
    fix = {"applicability": "safe", "edits": [edit], "message": "Remove unused import: `os`"}
    flagged = Flagged("unused-import", "odd.py", 1, 1, (ruff_finding(fix),), text)
    suggestion = suggestion_for(flagged)
    assert suggestion is not None
    assert (suggestion.line, suggestion.end_line) == (1, 1)
    assert suggestion.after == 'name = "é"; '
    assert applied(text, suggestion) == 'name = "é"; \r\nprint(name)\r\n'


def test_a_broad_except_around_a_call_of_unknown_failures_is_not_narrowed(tmp_path: Path) -> None:
    # microblog's reset token: `jwt.decode` raises its own errors; naming only the `KeyError`
    # of the lookup would turn every expired token into a crash
    text = (
        "import jwt\n\n\ndef user_id(token: str, key: str) -> int | None:\n    try:\n"
        '        return int(jwt.decode(token, key, algorithms=["HS256"])["reset_password"])\n'
        "    except Exception:\n        return None\n"
    )
    suggestion, comment = ours(tmp_path / "project", "tokens.py", text, "broad-except")
    assert comment is not None and suggestion is None


def test_a_password_hashed_fast_gets_no_faster_hash_as_its_fix(tmp_path: Path) -> None:
    # SHA-256 is as wrong for a password as SHA-1: it needs a slow hash, which the rule's
    # advice names; no one-line change makes it right
    text = (
        "import hashlib\n\n\ndef password_digest(password: str) -> str:\n"
        "    return hashlib.sha1(password.encode()).hexdigest()\n"
    )
    suggestion, comment = ours(tmp_path / "project", "accounts.py", text, "weak-hash")
    assert comment is not None and suggestion is None
