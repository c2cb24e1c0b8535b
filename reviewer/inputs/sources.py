"""Reading the reviewed files once: which can be reviewed (for Python: which parse), how many
lines there are, and the facts each file's language finds in it (outline, suppressions)."""

from __future__ import annotations

import hashlib
import io
import os
import stat
import sys
import tokenize
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reviewer.inputs.discovery import SourceFile
from reviewer.languages import language_named
from reviewer.languages.base import (
    FileFacts,
    Language,
    NewerSyntaxError,
    Reading,
    Span,
    outline_from,
)
from reviewer.languages.facts import Facts, facts_of
from reviewer.model import AnalysisError
from reviewer.runtime.atomic import entry_path, read_entry, write_entry

OUTLINE_FORMAT = b"5"  # 4: entries keyed by language too; 5: newer syntax kept as such

# Larger files are generated code in practice, and some tools take minutes on one (bandit
# spends about 50 s on a 1 MB literal): they are reported, not reviewed.
MAX_BYTES = 1024 * 1024
RUNNING = f"{sys.version_info.major}.{sys.version_info.minor}"


class UnreviewableError(Exception):
    """A file that is there but is not source code to review: its message says why."""


@dataclass(frozen=True)
class NewerSource:
    """A file in syntax newer than the Python review runs on: only the analyzers with a
    parser of their own (ruff) read it."""

    source: SourceFile
    version: str  # the Python version that reads it: "3.14"
    construct: str  # what in it is newer, in words
    line: int

    def note(self, readers: Sequence[str]) -> str:
        """What the top of a review says of it, the analyzers that read it named."""
        read = f"only {' and '.join(readers)} reviewed it" if readers else "it was not reviewed"
        return (
            f"{self.source.path} uses {self.construct} (line {self.line}), which needs Python "
            f"{self.version}; review runs on Python {RUNNING}, so {read}. Run review on "
            f"Python {self.version} or later to review it whole."
        )


@dataclass(frozen=True)
class SourceSet:
    """The files the analyzers may read, what could not be read, the line count, the
    facts of each file kept (by its path), for the stages after the analyzers, and the files
    only some analyzers can read (`NewerSource`)."""

    files: tuple[SourceFile, ...]
    errors: tuple[AnalysisError, ...]
    lines: int
    facts: Facts = field(default_factory=dict)
    newer: tuple[NewerSource, ...] = ()

    @property
    def reviewed(self) -> int:
        """How many files were reviewed, those only some analyzers could read included."""
        return len(self.files) + len(self.newer)


def read_sources(files: Sequence[SourceFile], cache: Path | None = None) -> SourceSet:
    """Keep the files that can be read (and, for Python, parsed); report the others once.
    With a cache folder, what parsing a file found is kept there by its content."""
    kept: list[SourceFile] = []
    errors: list[AnalysisError] = []
    facts: dict[str, FileFacts] = {}
    newer: list[NewerSource] = []
    lines = 0
    for source in files:
        try:
            data = read_source(source)
            language = language_named(source.language)
            if language is not None:
                facts[source.path] = facts_of(language, _reading(language, data, cache))
        except NewerSyntaxError as error:
            newer.append(NewerSource(source, error.version, error.construct, error.line))
            lines += len(data.splitlines())
            continue
        except (
            UnreviewableError,
            OSError,
            SyntaxError,
            ValueError,
            RecursionError,
            MemoryError,
        ) as error:
            errors.append(AnalysisError("review", describe(error), source.path))
            continue
        kept.append(source)
        lines += len(data.splitlines())
    return SourceSet(tuple(kept), tuple(errors), lines, facts, tuple(newer))


def _reading(language: Language, data: bytes, cache: Path | None) -> Reading:
    """What the language finds in the bytes, or what it found when these bytes were read
    before by this version of Python, from the cache. UnreviewableError (or SyntaxError)
    when the bytes are not source the language reads."""
    if cache is None or not language.cached:
        return language.read(data)
    entry = _entry(cache, language, data)
    known = _load(entry)
    if isinstance(known, NewerSyntaxError):
        raise known
    if isinstance(known, str):
        raise UnreviewableError(known)
    return known if known is not None else _parsed(language, data, entry)


def _parsed(language: Language, data: bytes, entry: Path) -> Reading:
    try:
        reading = language.read(data)
    except NewerSyntaxError as newer:
        write_entry(entry, {"newer": [newer.version, newer.construct, newer.line]})
        raise
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        write_entry(entry, {"error": describe(error)})
        raise UnreviewableError(describe(error)) from error
    spans = [list(s) for s in reading.outline.spans] if reading.outline else None
    write_entry(entry, {"spans": spans, "hinted": [list(h) for h in reading.hinted]})
    return reading


def _entry(cache: Path, language: Language, data: bytes) -> Path:
    header = b"\0".join((OUTLINE_FORMAT, language.name.encode(), sys.version.encode()))
    key = hashlib.sha256(header + b"\0" + data)
    return entry_path(cache / "sources", key.hexdigest())


def _load(entry: Path) -> Reading | NewerSyntaxError | str | None:
    """What reading found, or the reason the file could not be read; None when there is no
    usable entry (missing, unreadable, half written: rebuilt, never trusted)."""
    known = read_entry(entry)
    try:
        if "error" in known:
            return str(known["error"])
        if "newer" in known:
            version, construct, line = known["newer"]
            return NewerSyntaxError(str(version), str(construct), int(line))
        spans = known["spans"]
        outline = None
        if spans is not None:
            outline = outline_from([Span(int(a), int(b), int(c), str(d)) for a, b, c, d in spans])
        return Reading(outline, tuple((int(n), str(line)) for n, line in known["hinted"]))
    except (ValueError, KeyError, TypeError):
        return None


UNREVIEWABLE = "unreviewable: "
# Each discovered file with its `source_digest`.
Vetted = Sequence[tuple[SourceFile, str]]


def source_digest(source: SourceFile) -> str:
    """The SHA-256 of a file's bytes, or why they cannot be reviewed, found as `read_source`
    finds it: a named pipe or a device called `x.py` is never read (it would never end)."""
    try:
        return hashlib.sha256(read_source(source)).hexdigest()
    except (UnreviewableError, OSError, ValueError) as error:
        return f"{UNREVIEWABLE}{describe(error)}"


def read_source(source: SourceFile) -> bytes:
    """The bytes of a regular file of reviewable size; OSError or UnreviewableError if not.

    The type is checked before reading: reading a FIFO named `x.py` would wait forever."""
    if source.problem:
        raise UnreviewableError(source.problem)
    status = os.stat(source.path)
    if not stat.S_ISREG(status.st_mode):
        raise UnreviewableError(f"is not a regular file but {_kind(status.st_mode)}")
    if status.st_size > MAX_BYTES:
        raise UnreviewableError(
            f"not reviewed: {_mib(status.st_size)} is over the {_mib(MAX_BYTES)} limit for one "
            "file (generated code?); exclude it to silence this"
        )
    data = source.real_path.read_bytes()
    language = language_named(source.language)
    refused = language.refuse(data) if language else ""
    if refused:
        raise UnreviewableError(refused)
    return data


def _kind(mode: int) -> str:
    kinds = {
        stat.S_ISDIR: "a folder",
        stat.S_ISFIFO: "a named pipe (FIFO)",
        stat.S_ISSOCK: "a socket",
        stat.S_ISCHR: "a character device",
        stat.S_ISBLK: "a block device",
    }
    return next((name for test, name in kinds.items() if test(mode)), "a special file")


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB".replace(".0 MiB", " MiB")


def decode_python(data: bytes) -> str:
    """Python source as text, in the encoding its BOM or coding declaration names (PEP 263),
    UTF-8 otherwise; SyntaxError or UnicodeDecodeError (a ValueError) when it cannot be."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    return data.decode(encoding)


SAVE_AS_UTF8 = "save it as UTF-8 or declare its encoding"


def describe(error: BaseException) -> str:
    """A one-line reason a file could not be reviewed."""
    if isinstance(error, UnreviewableError):
        return str(error)
    if isinstance(error, SyntaxError):
        return _syntax(error)
    if isinstance(error, UnicodeDecodeError):
        line = bytes(error.object[: error.start]).count(b"\n") + 1
        byte = error.object[error.start]
        reason = f"{error.encoding!r} codec can't decode byte 0x{byte:02x}"
        return f"cannot be decoded at line {line}: {reason} ({SAVE_AS_UTF8})"
    if isinstance(error, RecursionError):
        return "nested too deeply to parse (Python cannot compile it either)"
    if isinstance(error, OSError):
        return f"cannot be read: {error.strerror or error}"
    if isinstance(error, MemoryError):
        return "too large or nested too deeply to parse (Python cannot compile it either)"
    return f"cannot be parsed: {error}"


def _syntax(error: SyntaxError) -> str:
    where = f" at line {error.lineno}" if error.lineno else ""
    message = " ".join(str(error.msg).split())
    if message.startswith("(unicode error)"):
        reason = message.removeprefix("(unicode error)").strip()
        return f"cannot be decoded{where}: {reason} ({SAVE_AS_UTF8})"
    return f"does not parse{where}: {message}"
