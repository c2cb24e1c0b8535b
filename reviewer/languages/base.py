"""What the review knows of a language (the `Language` record), and the facts reading a file
of it finds: its outline (the defs and classes around each line) and its suppression marks."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

_LINE_END = re.compile(r"\r\n|\r|\n")


class Span(NamedTuple):
    """A def or class: from its first line (decorators, attributes) to its last; `header` is
    the line of its name, where a suppression for all of it is written."""

    first: int
    header: int
    last: int
    name: str


class Outline(NamedTuple):
    """Every def and class of a file, and for each line the spans that hold it."""

    spans: tuple[Span, ...]
    holding: tuple[tuple[Span, ...], ...]


NO_OUTLINE = Outline((), ())


def outline_from(found: Sequence[Span]) -> Outline:
    """The outline of a file with these spans, in source order (outermost first)."""
    spans = tuple(found)
    last = max((s.last for s in spans), default=0)
    holding: list[list[Span]] = [[] for _ in range(last + 2)]
    for span in spans:
        for line in range(span.first, span.last + 1):
            holding[line].append(span)
    return Outline(spans, tuple(tuple(h) for h in holding))


@dataclass(frozen=True)
class Suppression:
    """The rule ids one comment silences (`*` for a bare `ignore`), and the tool codes its
    `noqa`-like marks name (`ruff:S608`, `ruff:*`)."""

    line: int
    rule_ids: frozenset[str]
    sources: frozenset[str] = frozenset()


Hinted = tuple[tuple[int, str], ...]  # (line number, text) of the comment lines naming a mark


class NewerSyntaxError(SyntaxError):
    """Source in a later version of its language than the one review runs on reads: the
    tools with a parser of their own may still read it."""

    def __init__(self, version: str, construct: str, line: int) -> None:
        super().__init__(f"uses {construct}, which needs Python {version}")
        self.version, self.construct, self.line = version, construct, line


class Reading(NamedTuple):
    """What reading a file's bytes found: its outline (None when it is found on demand,
    `Language.outline`) and the comment lines that may be suppressions."""

    outline: Outline | None
    hinted: Hinted


@dataclass(frozen=True)
class FileFacts:
    """One reviewed file as the later stages need it: the outline (None: ask the language
    when needed) and the suppression marks by line."""

    outline: Outline | None
    marks: Mapping[int, Suppression] = field(default_factory=dict)


@dataclass(frozen=True)
class ToolMark:
    """A tool's own suppression comment (`# noqa: S608`): `pattern` finds it, its `codes`
    group lists the codes; it silences whatever rule those codes of `analyzer` belong to."""

    analyzer: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Language:
    """Everything the review core knows of one language: the core asks the registry
    (`reviewer.languages`), never a suffix, and never imports a language's analyzer."""

    name: str  # what `SourceFile.language` and an analyzer's `languages` say
    title: str  # what a reader is told: "Python"
    suffixes: tuple[str, ...]  # lower case, matched in any case
    fence: str  # the info string of a fenced code block
    comments: tuple[str, ...]  # what opens a comment, where `review: ignore[...]` is read
    # A file's bytes to a `Reading`; SyntaxError, ValueError, RecursionError or MemoryError
    # when they are not source to review (the file is reported, not reviewed).
    read: Callable[[bytes], Reading]
    outline: Callable[[str], Outline]  # a file's outline on disk, on demand; never raises
    tool_marks: tuple[ToolMark, ...] = ()  # the tools' own suppression marks
    # Globs on a file name that make it a test, beside the shared rule (`test_*` files,
    # anything under a `test`, `tests` or `testing` folder).
    test_files: tuple[str, ...] = ()
    # What makes a file a developer's script or an operator's command rather than code that
    # serves users, beside the shared folders (`scripts`, `bin`, `tools`): globs on its name
    # (`manage.py`) and runs of folders (`database/seeders`, `management/commands`).
    script_files: tuple[str, ...] = ()
    script_folders: tuple[str, ...] = ()
    refuse: Callable[[bytes], str] = lambda data: ""  # why bytes can never be its source
    excludes: tuple[str, ...] = ()  # folder names never entered: its tools' caches
    # Why a folder holds none of the project's code, from what it holds (a virtual
    # environment); empty when it may.
    skips: Callable[[Path], str] = lambda folder: ""
    # Why a folder holds code a tool wrote for the project (migrations), left out unless
    # asked for; empty when it does not.
    generated: Callable[[Path], str] = lambda folder: ""
    analyzers: tuple[str, ...] = ()  # the registered analyzers that review it
    # Globs on a whole file name (lower case) for files without a suffix of their own (`.env`).
    names: tuple[str, ...] = ()
    code: bool = True  # False for files that configure the code (dotenv): not a language's code
    shown: Callable[[str], str] = lambda line: line  # a line as a report may show it
    cached: bool = False  # keep `read`'s result in the cache folder: reading is parsing


def source_lines(text: str) -> list[str]:
    """The lines as Python (and the analyzers) number them: ended by \\n, \\r\\n or \\r only,
    never by the form feeds and other separators that `str.splitlines` also ends a line at."""
    lines = _LINE_END.split(text)
    return lines[:-1] if lines[-1] == "" else lines


Stamp = tuple[str, int, int]


def file_stamp(path: str) -> Stamp:
    """The absolute path with its modification time and size, so an edited file is read
    again by the caches keyed by it."""
    absolute = _absolute(os.getcwd(), path)
    try:
        status = os.stat(absolute)
    except (OSError, ValueError):
        return (absolute, 0, 0)
    return (absolute, status.st_mtime_ns, status.st_size)


@functools.lru_cache(maxsize=4096)
def _absolute(cwd: str, path: str) -> str:
    """os.path.abspath, once per path: a review asks about many files many times."""
    return os.path.normpath(os.path.join(cwd, path))
