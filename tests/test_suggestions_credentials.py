"""The constant-time comparison suggested for a secret compared with `==`, on small files
reviewed for real: the change parses, keeps the user's names and the comment goes."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from reviewer.suggestions.base import applied
from tests.test_suggestions import ours, rules_of

RULE = "secret-compared-with-eq"

# (file name, text, what the changed lines read, whether the note asks for `import hmac`)
CASES = [
    (
        "webhooks.py",
        "import hashlib\nimport hmac\n\n\n"
        "def verify_webhook(secret: bytes, body: bytes, signature: str) -> bool:\n"
        "    expected = hmac.new(secret, body, hashlib.sha256).hexdigest()\n"
        "    return expected == signature\n",
        "    return hmac.compare_digest(expected, signature)",
        False,
    ),
    (
        "keys.py",
        "from flask import abort\n\nfrom app import settings\n\n\n"
        "def check_api_key(presented_key: str) -> None:\n"
        "    if presented_key != settings.API_KEY:\n"
        "        abort(401)\n",
        "    if not hmac.compare_digest(presented_key, settings.API_KEY):",
        True,
    ),
    (
        "tokens.py",
        "from secrets import compare_digest as same\n\n\n"
        "def is_current(stored_token: str, token: str, active: bool) -> bool:\n"
        "    return active and stored_token == token\n",
        "    return active and same(stored_token, token)",
        False,
    ),
]


@pytest.mark.parametrize(("name", "text", "expected", "needs_import"), CASES)
def test_the_comparison_becomes_compare_digest(
    tmp_path: Path, name: str, text: str, expected: str, needs_import: bool
) -> None:
    suggestion, comment = ours(tmp_path / "project", name, text, RULE)
    assert suggestion is not None
    assert comment.suggestion == suggestion
    assert suggestion.after == expected
    assert suggestion.safe is False
    assert ("import hmac" in suggestion.note) is needs_import
    fixed = applied(text, suggestion)
    if needs_import:
        fixed = "import hmac\n" + fixed
    ast.parse(fixed)
    assert RULE not in rules_of(tmp_path / "after", name, fixed)


def test_a_not_equal_inside_an_expression_keeps_its_meaning(tmp_path: Path) -> None:
    text = (
        "import hmac\n\n\ndef mismatches(token: str, stored_token: str) -> int:\n"
        "    return 1 + (token != stored_token)\n"
    )
    suggestion, _ = ours(tmp_path, "count.py", text, RULE)
    assert suggestion is not None
    assert suggestion.after == "    return 1 + (not hmac.compare_digest(token, stored_token))"
