"""The rewrite of debug-on-by-default: the default flipped, so silence means off; made to the
file, it parses and the rule goes."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from reviewer.suggestions import BUILDERS, Flagged
from reviewer.suggestions.base import applied
from tests.test_suggestions import ours, rules_of

# (file name, text, what the changed line reads)
DEBUG_REWRITES = [
    (
        "settings.py",
        'import os\n\nDEBUG = os.getenv("DJANGO_DEBUG") != "FALSE"\n',
        'DEBUG = os.getenv("DJANGO_DEBUG") == "TRUE"',
    ),
    (
        "settings.py",
        'import os\n\nDEBUG = os.getenv("DEBUG", "True") == "True"\n',
        'DEBUG = os.getenv("DEBUG", "False") == "True"',
    ),
    (
        "settings.py",
        'import os\n\nDEBUG = os.environ.get("DEBUG", "1").lower() in ("1", "true")\n',
        'DEBUG = os.environ.get("DEBUG", "0").lower() in ("1", "true")',
    ),
    (
        "settings.py",
        'import environ\n\nenv = environ.Env()\nDEBUG = env.bool("DEBUG", default=True)\n',
        'DEBUG = env.bool("DEBUG", default=False)',
    ),
    (
        "config.py",
        "from pydantic_settings import BaseSettings\n\n\nclass Settings(BaseSettings):\n"
        "    debug: bool = True\n",
        "    debug: bool = False",
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), DEBUG_REWRITES)
def test_debug_default_flipped_and_the_rule_goes(
    tmp_path: Path, name: str, text: str, expected: str
) -> None:
    suggestion, _ = ours(tmp_path / "project", name, text, "debug-on-by-default")
    assert suggestion is not None
    assert suggestion.after == expected
    assert not suggestion.safe
    fixed = applied(text, suggestion)
    ast.parse(fixed)
    assert "debug-on-by-default" not in rules_of(tmp_path / "after", name, fixed)


@pytest.mark.parametrize(
    "text",
    [
        'import os\n\nDEBUG = bool(os.environ.get("DEBUG", True))\n',
        "DEBUG = True\n",
        'import os\n\nDEBUG = not os.environ.get("PRODUCTION")\n',
    ],
)
def test_no_rewrite_where_flipping_a_default_would_not_do(text: str) -> None:
    line = text.count("\n")
    flagged = Flagged("debug-on-by-default", "settings.py", line, line, (), text)
    assert BUILDERS["debug-on-by-default"](flagged) is None
