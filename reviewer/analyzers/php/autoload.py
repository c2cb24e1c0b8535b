"""Composer's PSR-4 map, read from the `composer.json` above a file: which folder a namespace
lives in, so that a class can be found on disk from its name, and a file's namespace checked
against its folder. Files outside the run (a Resource, a model, a view) are read from disk,
cached by path, modification time and size."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from tree_sitter import Node

from reviewer.languages.php.parser import first_error_line, parse

COMPOSER = "composer.json"
MAX_LEVELS = 12


@dataclass(frozen=True)
class Psr4:
    """A project's root (the folder of `composer.json`) and its PSR-4 prefixes, longest first:
    (namespace prefix without trailing backslash, folder relative to the root)."""

    root: Path
    prefixes: tuple[tuple[str, str], ...]

    def class_file(self, name: str) -> Path | None:
        """Where Composer looks for a fully qualified class, if a prefix maps it."""
        name = name.lstrip("\\")
        for prefix, folder in self.prefixes:
            if name == prefix or name.startswith(prefix + "\\") or not prefix:
                rest = name[len(prefix) :].lstrip("\\") if prefix else name
                return self.root / folder / (rest.replace("\\", "/") + ".php")
        return None

    def expected_namespaces(self, path: Path) -> list[str]:
        """The namespaces a class at this path may declare, one per prefix whose folder holds
        it (empty when no prefix maps the folder)."""
        found = []
        for prefix, folder in self.prefixes:
            base = (self.root / folder).resolve()
            try:
                relative = path.resolve().parent.relative_to(base)
            except ValueError:
                continue
            parts = [p for p in relative.parts if p]
            found.append("\\".join([prefix, *parts]) if prefix else "\\".join(parts))
        return found


def psr4_for(path: str) -> Psr4 | None:
    """The PSR-4 map of the nearest `composer.json` above a file; None without one."""
    found = composer_file(path)
    return None if found is None else _read_map(str(found), *_stamp(found))


def composer_file(path: str) -> Path | None:
    """The nearest `composer.json` above a file: the root of its PHP project; None without
    one."""
    folder = Path(path).resolve().parent
    for _ in range(MAX_LEVELS):
        candidate = folder / COMPOSER
        if candidate.is_file():
            return candidate
        if folder.parent == folder:
            return None
        folder = folder.parent
    return None


def _stamp(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_mtime_ns, status.st_size


@functools.lru_cache(maxsize=64)
def _read_map(path: str, _mtime: int, _size: int) -> Psr4 | None:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    pairs: list[tuple[str, str]] = []
    for section in ("autoload", "autoload-dev"):
        block = data.get(section)
        psr4 = block.get("psr-4") if isinstance(block, dict) else None
        for prefix, folders in (psr4 or {}).items() if isinstance(psr4, dict) else ():
            listed = [folders] if isinstance(folders, str) else folders or []
            pairs.extend(
                (prefix.strip("\\"), folder.strip("/") or ".")
                for folder in listed
                if isinstance(prefix, str) and isinstance(folder, str)
            )
    if not pairs:
        return None
    pairs.sort(key=lambda pair: len(pair[0]), reverse=True)
    return Psr4(Path(path).parent, tuple(pairs))


def parsed(path: Path) -> Node | None:
    """The syntax tree of a PHP file on disk, None when it is missing or does not parse."""
    try:
        stamp = _stamp(path)
    except OSError:
        return None
    return _parsed(str(path), *stamp)


@functools.lru_cache(maxsize=256)
def _parsed(path: str, _mtime: int, _size: int) -> Node | None:
    try:
        tree = parse(Path(path).read_bytes())
    except OSError:
        return None
    return None if first_error_line(tree) is not None else tree.root_node


def read_text(path: Path) -> str | None:
    """A file's text (a Blade view), None when it cannot be read."""
    try:
        stamp = _stamp(path)
    except OSError:
        return None
    return _read_text(str(path), *stamp)


@functools.lru_cache(maxsize=256)
def _read_text(path: str, _mtime: int, _size: int) -> str | None:
    try:
        return Path(path).read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return None
