"""Content-based fingerprints: the rule, the file (relative to the repository root, so that
`review src/` and `review .` agree) and the flagged code, never line numbers, so that lines
inserted above a finding do not make it look new."""

from __future__ import annotations

import functools
import hashlib
import itertools
import operator
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from reviewer.inputs.vcs import repository_path
from reviewer.languages.base import Stamp, file_stamp, source_lines
from reviewer.model import Location, Occurrence

MAX_LINES = 20


@functools.lru_cache(maxsize=256)
def _lines(stamp: Stamp) -> tuple[str, ...]:
    return _folded_lines(stamp[0])


def _folded_lines(path: str) -> tuple[str, ...]:
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ()
    return tuple(" ".join(line.split()) for line in source_lines(text))


Place = tuple[str, int, int]  # path, first and last line


def normalized_code(path: str, line: int, end_line: int) -> str:
    """The flagged lines with white space folded (at most MAX_LINES of them)."""
    return _flagged(_lines(file_stamp(path)), line, end_line)


def normalized_codes(locations: Iterable[Location]) -> dict[Place, str]:
    """`normalized_code` of many places, each file read once: a review of a large tree
    flags places in thousands of files, rule after rule."""
    codes: dict[Place, str] = {}
    wanted = sorted({(p.path, p.line, p.end_line) for p in locations})
    for path, places in itertools.groupby(wanted, key=operator.itemgetter(0)):
        lines = _folded_lines(path)
        codes.update((place, _flagged(lines, place[1], place[2])) for place in places)
    return codes


def _flagged(lines: Sequence[str], line: int, end_line: int) -> str:
    return "\n".join(lines[line - 1 : min(end_line, line + MAX_LINES - 1)])


def fingerprints(
    rule_id: str, occurrences: Sequence[Occurrence], codes: Mapping[Place, str] | None = None
) -> list[str]:
    """One fingerprint per occurrence; identical code in one file is told apart by its index.
    `codes` may hold the places' code already read (`normalized_codes`)."""
    seen: Counter[tuple[str, str]] = Counter()
    paths: dict[str, str] = {}
    found = []
    for occurrence in occurrences:
        location = occurrence.location
        place = (location.path, location.line, location.end_line)
        code = codes[place] if codes is not None else normalized_code(*place)
        index = seen[(location.path, code)]
        seen[(location.path, code)] += 1
        if location.path not in paths:
            paths[location.path] = repository_path(location.path)
        text = "\0".join((rule_id, paths[location.path], code, str(index)))
        found.append(hashlib.sha256(text.encode()).hexdigest()[:16])
    return found
