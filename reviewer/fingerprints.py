"""Content-based fingerprints: the rule, the file (relative to the repository root, so that
`review src/` and `review .` agree) and the flagged code, never line numbers, so that lines
inserted above a finding do not make it look new."""

from __future__ import annotations

import functools
import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from reviewer.model import Occurrence
from reviewer.symbols import file_stamp
from reviewer.vcs import repository_path

MAX_LINES = 20
_LINE_END = re.compile(r"\r\n|\r|\n")


@functools.lru_cache(maxsize=256)
def _lines(stamp: tuple[str, int, int]) -> tuple[str, ...]:
    try:
        text = Path(stamp[0]).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ()
    return tuple(" ".join(line.split()) for line in python_lines(text))


def python_lines(text: str) -> list[str]:
    """The lines as Python numbers them: ended by \\n, \\r\\n or \\r only, never by the form
    feeds and other separators that `str.splitlines` also ends a line at."""
    lines = _LINE_END.split(text)
    return lines[:-1] if lines[-1] == "" else lines


def normalized_code(path: str, line: int, end_line: int) -> str:
    """The flagged lines with white space folded (at most MAX_LINES of them)."""
    lines = _lines(file_stamp(path))
    return "\n".join(lines[line - 1 : min(end_line, line + MAX_LINES - 1)])


def fingerprints(rule_id: str, occurrences: Sequence[Occurrence]) -> list[str]:
    """One fingerprint per occurrence; identical code in one file is told apart by its index."""
    seen: Counter[tuple[str, str]] = Counter()
    paths: dict[str, str] = {}
    found = []
    for occurrence in occurrences:
        location = occurrence.location
        code = normalized_code(location.path, location.line, location.end_line)
        index = seen[(location.path, code)]
        seen[(location.path, code)] += 1
        if location.path not in paths:
            paths[location.path] = repository_path(location.path)
        text = "\0".join((rule_id, paths[location.path], code, str(index)))
        found.append(hashlib.sha256(text.encode()).hexdigest()[:16])
    return found
