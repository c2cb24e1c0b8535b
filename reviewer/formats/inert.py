"""Reports a CI log cannot run: no line that GitHub Actions would read as a workflow command.

The Actions runner reads every line of a step's output. It runs a line as a command when the
line starts with `::` after leading white space, or when it holds `##[` (the legacy syntax)
anywhere. Our own reports never write either outside the github format's own commands, so any
such text came from the reviewed tree or an analyzer: each format escapes it in its own way, so
that a reader still sees the same characters.
"""

from __future__ import annotations

import re

# Python's \s covers every character .NET's TrimStart removes (and a few more).
_LINE_START_COLONS = re.compile(r"(^|[\r\n])(\s*?)::")
_LEGACY_OPENING = "##["


def inert_text(report: str) -> str:
    """Plain text or Markdown: a backslash before the colons and the bracket (Markdown shows
    the character alone; a terminal shows the backslash, which says the text was escaped)."""
    return _disarmed(report, "\\::", "##\\[")


def inert_html(report: str) -> str:
    """HTML: the first colon and the bracket as character references, shown as themselves."""
    return _disarmed(report, "&#58;:", "##&#91;")


def inert_json(report: str) -> str:
    """JSON: the bracket as a `\\u005b` escape inside its string; a JSON line never starts with
    `::` (every string is quoted)."""
    return report.replace(_LEGACY_OPENING, "##\\u005b")


def _disarmed(report: str, colons: str, opening: str) -> str:
    started = _LINE_START_COLONS.sub(lambda match: f"{match[1]}{match[2]}{colons}", report)
    return started.replace(_LEGACY_OPENING, opening)
