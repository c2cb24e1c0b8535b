"""Reading the reviewed files once: which Python files parse, and how many lines there are."""

from __future__ import annotations

import ast
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from reviewer.discovery import SourceFile
from reviewer.model import AnalysisError
from reviewer.pyast import parse_module
from reviewer.symbols import remember


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
            data = source.real_path.read_bytes()
            if source.language == "python":
                remember(source.path, check_python(data))
        except (OSError, SyntaxError, ValueError, RecursionError, MemoryError) as error:
            errors.append(AnalysisError("review", describe(error), source.path))
            continue
        kept.append(source)
        lines += data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)
    return SourceSet(tuple(kept), tuple(errors), lines)


def check_python(data: bytes) -> ast.Module:
    """The module's tree; SyntaxError or ValueError when the bytes are not Python that parses."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return parse_module(data)


def describe(error: BaseException) -> str:
    """A one-line reason a file could not be reviewed."""
    if isinstance(error, SyntaxError):
        where = f" at line {error.lineno}" if error.lineno else ""
        return f"does not parse{where}: {error.msg}"
    if isinstance(error, RecursionError):
        return "nested too deeply to parse"
    if isinstance(error, OSError):
        return f"cannot be read: {error.strerror or error}"
    return f"cannot be parsed: {error}"
