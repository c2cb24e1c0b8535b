"""The suppression syntax: `review: ignore[rule-id]` after a language's comment mark, and
the tools' own marks (`# noqa: S608`) that silence the whole rule their code belongs to."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping

from reviewer.languages.base import Hinted, Language, Suppression, source_lines

EVERY_RULE = "*"
# Every word a mark of any language starts with: the lines worth a closer look.
HINT = re.compile(r"review:|noqa|nosec")


@functools.lru_cache(maxsize=16)
def _ignore(comments: tuple[str, ...]) -> re.Pattern[str]:
    opening = "|".join(re.escape(mark) for mark in comments)
    return re.compile(rf"(?:{opening})\s*review:\s*ignore(?:\[(?P<ids>[^\]]*)\])?", re.IGNORECASE)


def hinted_lines(text: str) -> Hinted:
    """(line number, text) of every line that mentions a mark, comment or not: for a
    language whose comments are not told apart from its strings."""
    return tuple(
        (n, line) for n, line in enumerate(source_lines(text), start=1) if HINT.search(line)
    )


def marks_in(language: Language, hinted: Iterable[tuple[int, str]]) -> Mapping[int, Suppression]:
    """The suppressions of the hinted comment lines, by the line each covers: its own, and
    the next for a comment on a line of its own."""
    found: dict[int, Suppression] = {}
    for number, line in hinted:
        names, sources = _marks(language, line)
        if names or sources:
            found[number] = Suppression(number, frozenset(names), frozenset(sources))
            if line.lstrip().startswith(language.comments):
                found.setdefault(number + 1, found[number])
    return found


def _marks(language: Language, line: str) -> tuple[set[str], set[str]]:
    """Rule ids from `review: ignore`, and tool sources from the tools' marks, on one line."""
    names: set[str] = set()
    match = _ignore(language.comments).search(line)
    if match:
        ids = match.group("ids")
        names = {i.strip() for i in ids.split(",") if i.strip()} if ids else {EVERY_RULE}
    sources = {
        source
        for tool in language.tool_marks
        for found in tool.pattern.finditer(line)
        for source in _sources(tool.analyzer, found["codes"])
    }
    return names, sources


def _sources(analyzer: str, codes: str | None) -> set[str]:
    """`ruff:S608` for each code; `ruff:*` for a bare mark, which silences all of that tool."""
    if not codes:
        return {f"{analyzer}:*"}
    return {f"{analyzer}:{code}" for code in re.split(r"[\s,]+", codes) if code}
