"""Per-file facts as the later stages ask for them: the outline around a line and the
suppression marks, from what the reading stage returned, or found on disk for a file it
did not read (a finding outside the files reviewed)."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

from reviewer.languages import language_for
from reviewer.languages.base import (
    NO_OUTLINE,
    FileFacts,
    Language,
    Outline,
    Reading,
    Span,
    Stamp,
    Suppression,
    file_stamp,
)
from reviewer.languages.marks import hinted_lines, marks_in

Facts = Mapping[str, FileFacts]  # by the path the reading stage was given
NO_FACTS: Facts = MappingProxyType({})
_UNPARSED = (SyntaxError, ValueError, RecursionError, MemoryError)


def facts_of(language: Language, reading: Reading) -> FileFacts:
    """The facts of a file read, from what its language's `read` found in its bytes."""
    return FileFacts(reading.outline, marks_in(language, reading.hinted))


def facts_for(path: str, facts: Facts = NO_FACTS) -> FileFacts:
    """The facts of a file: as read, or as it is on disk now when it was not read."""
    known = facts.get(path)
    if known is not None:
        return known
    language = language_for(path)
    return _on_disk(file_stamp(path), language) if language else FileFacts(NO_OUTLINE)


@functools.lru_cache(maxsize=512)
def _on_disk(stamp: Stamp, language: Language) -> FileFacts:
    """Found again only when the file changes (a new stamp); a file that does not parse
    still has its marks, and no outline."""
    try:
        data = Path(stamp[0]).read_bytes()
    except OSError:
        return FileFacts(NO_OUTLINE)
    try:
        reading = language.read(data)
    except _UNPARSED:
        reading = Reading(NO_OUTLINE, hinted_lines(data.decode("utf-8", errors="replace")))
    return FileFacts(reading.outline, marks_in(language, reading.hinted))


def outline_for(path: str, facts: Facts = NO_FACTS) -> Outline:
    """The outline of a file; its language finds it when reading left it for later."""
    outline = facts_for(path, facts).outline
    if outline is not None:
        return outline
    language = language_for(path)
    return language.outline(path) if language else NO_OUTLINE


def enclosing(path: str, line: int, facts: Facts = NO_FACTS) -> Sequence[Span]:
    """Every def and class that holds the line, outermost first."""
    holding = outline_for(path, facts).holding
    return holding[line] if 0 <= line < len(holding) else ()


def symbol_at(path: str, line: int, facts: Facts = NO_FACTS) -> str:
    """The innermost function or class (`OrderService.place`, `OrderService::place` in PHP)
    that holds the line; empty outside every one."""
    holding = enclosing(path, line, facts)
    return holding[-1].name if holding else ""


def marks_for(path: str, facts: Facts = NO_FACTS) -> Mapping[int, Suppression]:
    """Every suppression comment of a file, by the line it covers."""
    return facts_for(path, facts).marks
