"""What a project's mypy result depends on besides the files under review: mypy reads the
project's configuration file, follows imports into the project's other modules and into the
installed packages, and our cache of its result must change when any of them does."""

from __future__ import annotations

import configparser
import hashlib
import itertools
import os
import time
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

from reviewer.analyzers.tools.mypy_environment import project_venvs
from reviewer.analyzers.tools.mypy_settings import search_path
from reviewer.inputs.discovery import is_skipped_dir
from reviewer.inputs.projects import is_project_root
from reviewer.runtime.installed import installed_packages

# mypy's own search order in each folder: its ini files, then the shared ones.
CONFIG_FILES = (
    ("mypy.ini", ""),
    (".mypy.ini", ""),
    ("pyproject.toml", "[tool.mypy"),
    ("setup.cfg", "[mypy"),
)
REPOSITORY_MARKERS = (".git", ".hg")
# Modules on mypy's search path outside the project that are stamped for our cache's key.
MAX_OUTSIDE_MODULES = 50_000


def mypy_config(root: Path) -> str:
    """The configuration file mypy reads when run in `root`, as it searches: each folder up to
    the repository's top; "" when none applies (the user's own settings, the same for all)."""
    for folder in (root, *root.parents):
        for name, section in CONFIG_FILES:
            if _configures(folder / name, section):
                return str(folder / name)
        if any((folder / marker).exists() for marker in REPOSITORY_MARKERS):
            break
    return ""


def _configures(path: Path, section: str) -> bool:
    """True for a file mypy reads as its configuration: one that has mypy's section as
    mypy parses it (a `tool.mypy` key not written as a `[tool.mypy]` header counts), or one
    that does not parse but may be meant for mypy (mypy is then given it to say why)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else None
    except OSError:
        return False
    if text is None or not section:
        return text is not None
    try:
        return _has_section(text, path.suffix == ".toml")
    except (tomllib.TOMLDecodeError, configparser.Error):
        return "mypy" in text


def _has_section(text: str, toml: bool) -> bool:
    if toml:
        tool = tomllib.loads(text).get("tool")
        return isinstance(tool, dict) and "mypy" in tool
    parser = configparser.RawConfigParser()
    parser.read_string(text)
    return parser.has_section("mypy")


def project_inputs(root: Path) -> str:
    """A digest of the project's mypy configuration (the file and its bytes), of the size and
    modification time of each of its Python modules, and of the packages installed where
    mypy looks for them (their dist-info names carry their versions), its own virtual
    environment's among them."""
    config = mypy_config(root)
    digest = hashlib.sha256(config.encode("utf-8", "surrogateescape"))
    digest.update(_bytes_of(config))
    for stamp in _module_stamps(root):
        digest.update(stamp.encode("utf-8", "surrogateescape"))
    digest.update(_outside_inputs(root, config).encode("utf-8", "surrogateescape"))
    digest.update(installed_packages().encode())
    digest.update(project_venvs(root).encode())
    return digest.hexdigest()


def _outside_inputs(root: Path, config: str) -> str:
    """The modules mypy may import from the folders on its search path (the configuration's
    `mypy_path`, the MYPYPATH variable's, which may be outside the project), and the
    variable itself. Past MAX_OUTSIDE_MODULES of them the answer is never the same twice:
    a review that cannot tell whether they changed does not reuse mypy's answer."""
    variable = os.environ.get("MYPYPATH", "")
    named = [root / entry for entry in variable.split(os.pathsep) if entry]
    stamps = [variable]
    for folder in (*search_path(config, root), *named):
        stamps += itertools.islice(_stamps(folder, _searched), MAX_OUTSIDE_MODULES)
        if len(stamps) > MAX_OUTSIDE_MODULES:
            return f"too many to stamp\0{time.time_ns()}"
    return "\0".join(stamps)


def _bytes_of(path: str) -> bytes:
    try:
        return Path(path).read_bytes() if path else b""
    except OSError:
        return b"unreadable"


def _module_stamps(root: Path) -> Iterator[str]:
    """Each module of the project, not of the projects nested in it (an `examples/app` with a
    pyproject.toml of its own is checked apart, its modules not on this project's path)."""
    return _stamps(root, _of_this_project)


def _stamps(root: Path, entered: Callable[[Path], bool]) -> Iterator[str]:
    """Path, modification time and size of each module below `root`, in the folders entered."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if entered(Path(folder, d)))
        for name in sorted(files):
            if name.endswith((".py", ".pyi")):
                path = os.path.join(folder, name)
                try:
                    status = os.stat(path)
                except OSError:
                    continue
                yield f"{path}\0{status.st_mtime_ns}\0{status.st_size}\0"


def _searched(folder: Path) -> bool:
    return not (folder.name.startswith(".") or is_skipped_dir(folder.name))


def _of_this_project(folder: Path) -> bool:
    hidden = folder.name.startswith(".")
    return not (hidden or is_skipped_dir(folder.name) or is_project_root(folder))
