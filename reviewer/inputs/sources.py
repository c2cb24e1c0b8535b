"""Reading the reviewed files once: which Python files parse, and how many lines there are."""

from __future__ import annotations

import ast
import hashlib
import io
import os
import stat
import sys
import tokenize
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reviewer.inputs.discovery import SourceFile
from reviewer.languages import symbols
from reviewer.languages.pyast import parse_module
from reviewer.languages.symbols import Outline, Span, outline_from, outline_of
from reviewer.model import AnalysisError
from reviewer.pipeline import suppressions
from reviewer.runtime.atomic import entry_path, read_entry, write_entry

OUTLINE_FORMAT = b"3"  # 3: deep nesting CPython compiles parses (no longer an error)

# Larger files are generated code in practice, and some tools take minutes on one (bandit
# spends about 50 s on a 1 MB literal): they are reported, not reviewed.
MAX_BYTES = 1024 * 1024


class UnreviewableError(Exception):
    """A file that is there but is not source code to review: its message says why."""


@dataclass(frozen=True)
class SourceSet:
    """The files the analyzers may read, what could not be read, and the line count."""

    files: tuple[SourceFile, ...]
    errors: tuple[AnalysisError, ...]
    lines: int


def read_sources(files: Sequence[SourceFile], cache: Path | None = None) -> SourceSet:
    """Keep the files that can be read (and, for Python, parsed); report the others once.
    With a cache folder, what parsing a Python file found is kept there by its content."""
    kept: list[SourceFile] = []
    errors: list[AnalysisError] = []
    lines = 0
    for source in files:
        try:
            data = read_source(source)
            if source.language == "python":
                _remember(source.path, data, cache)
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
    return SourceSet(tuple(kept), tuple(errors), lines)


def _remember(path: str, data: bytes, cache: Path | None) -> None:
    """Parse the file, or find in the cache what parsing it found when these bytes were
    parsed before by this version of Python: its outline and the comments that may be
    suppressions. UnreviewableError (or SyntaxError) when the bytes do not parse."""
    if cache is None:
        symbols.remember(path, outline_of(check_python(data)))
        return
    entry = _entry(cache, data)
    known = _load(entry)
    if isinstance(known, str):
        raise UnreviewableError(known)
    if known is None:
        known = _parsed(path, data, entry)
    symbols.remember(path, known[0])
    suppressions.remember(path, known[1])


Facts = tuple[Outline, list[tuple[int, str]]]


def _parsed(path: str, data: bytes, entry: Path) -> Facts:
    try:
        tree = check_python(data)
        outline = outline_of(tree)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        write_entry(entry, {"error": describe(error)})
        raise UnreviewableError(describe(error)) from error
    text = data.decode("utf-8", errors="replace")
    hinted = suppressions.hinted_comments(path, text, tree)
    write_entry(entry, {"spans": [list(s) for s in outline.spans], "hinted": hinted})
    return outline, hinted


def _entry(cache: Path, data: bytes) -> Path:
    key = hashlib.sha256(b"%s\0%s\0" % (OUTLINE_FORMAT, sys.version.encode()) + data)
    return entry_path(cache / "sources", key.hexdigest())


def _load(entry: Path) -> Facts | str | None:
    """What parsing found, or the reason the file did not parse; None when there is no
    usable entry (missing, unreadable, half written: rebuilt, never trusted)."""
    known = read_entry(entry)
    try:
        if "error" in known:
            return str(known["error"])
        spans = [Span(int(a), int(b), int(c), str(d)) for a, b, c, d in known["spans"]]
        return outline_from(spans), [(int(n), str(line)) for n, line in known["hinted"]]
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
    if source.language == "python" and b"\0" in data:
        raise UnreviewableError("contains NUL bytes: a binary file, not Python source")
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


def check_python(data: bytes) -> ast.Module:
    """The module's tree; SyntaxError or ValueError when the bytes are not Python that parses."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return parse_module(data)


def decode_python(data: bytes) -> str:
    """Python source as text, in the encoding its BOM or coding declaration names (PEP 263),
    UTF-8 otherwise; SyntaxError or UnicodeDecodeError (a ValueError) when it cannot be."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    return data.decode(encoding)


def describe(error: BaseException) -> str:
    """A one-line reason a file could not be reviewed."""
    if isinstance(error, UnreviewableError):
        return str(error)
    if isinstance(error, SyntaxError):
        return _syntax(error)
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
        return f"cannot be decoded{where}: {reason} (save it as UTF-8 or declare its encoding)"
    return f"does not parse{where}: {message}"
