"""Reading the reviewed files once: which Python files parse, and how many lines there are."""

from __future__ import annotations

import ast
import io
import os
import stat
import tokenize
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from reviewer.discovery import SourceFile
from reviewer.model import AnalysisError
from reviewer.pyast import parse_module
from reviewer.symbols import remember

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


def read_sources(files: Sequence[SourceFile]) -> SourceSet:
    """Keep the files that can be read (and, for Python, parsed); report the others once."""
    kept: list[SourceFile] = []
    errors: list[AnalysisError] = []
    lines = 0
    for source in files:
        try:
            data = read_source(source)
            if source.language == "python":
                remember(source.path, check_python(data))
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
        return "nested too deeply to parse"
    if isinstance(error, OSError):
        return f"cannot be read: {error.strerror or error}"
    if isinstance(error, MemoryError):
        return "too large to parse in the memory available"
    return f"cannot be parsed: {error}"


def _syntax(error: SyntaxError) -> str:
    where = f" at line {error.lineno}" if error.lineno else ""
    message = " ".join(str(error.msg).split())
    if message.startswith("(unicode error)"):
        reason = message.removeprefix("(unicode error)").strip()
        return f"cannot be decoded{where}: {reason} (save it as UTF-8 or declare its encoding)"
    return f"does not parse{where}: {message}"
