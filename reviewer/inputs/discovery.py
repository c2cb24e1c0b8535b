"""Which files a review covers: the paths given, less excludes and what git ignores."""

from __future__ import annotations

import contextlib
import fnmatch
import os
from collections.abc import Iterable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from reviewer.errors import UsageError
from reviewer.inputs.vcs import git_bytes
from reviewer.languages import excluded_folders, foreign_folder, generated_folder, language_for
from reviewer.runtime.paths import display_path, printable_path

# Folders whose name says they hold no code of the project: version control, our cache,
# JavaScript packages; and those the languages name (their tools' caches, installed
# packages). Entered by no tool that looks for code (ruff, mypy, pyright agree).
SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", ".review_cache", "node_modules"})
# Names that may be code (a package called `build`, a folder called `env`): skipped only when
# what they hold shows they are not, and then named on stderr (see `skipped_folders`).
BUILD_OUTPUT = frozenset({"build", "dist"})
MAX_NAMED = 5  # skipped folders named on stderr; the others are counted


@dataclass(frozen=True)
class SkippedFolder:
    """A folder discovery did not enter although its name alone did not say to, and why."""

    path: str
    reason: str


_skipped: ContextVar[list[SkippedFolder] | None] = ContextVar("skipped", default=None)


@contextlib.contextmanager
def skipped_folders() -> Iterator[list[SkippedFolder]]:
    """Within, every folder discovery skips for what it holds is added to the list yielded."""
    found: list[SkippedFolder] = []
    token = _skipped.set(found)
    try:
        yield found
    finally:
        _skipped.reset(token)


def skipped_notice(skipped: Iterable[SkippedFolder]) -> str:
    """One line naming the folders skipped and why, e.g. `skipped env/ (a virtual
    environment); name a folder to review it`; empty when none were."""
    unique = list(dict.fromkeys(skipped))
    if not unique:
        return ""
    named = ", ".join(f"{s.path}/ ({s.reason})" for s in unique[:MAX_NAMED])
    more = f" and {len(unique) - MAX_NAMED} more" if len(unique) > MAX_NAMED else ""
    hint = (
        "; or set include-migrations = true"
        if any("migrations" in s.reason for s in unique)
        else ""
    )
    return f"skipped {named}{more}; name a folder to review it{hint}"


def skip_reason(folder: Path, generated: bool = False) -> str:
    """Why discovery does not enter a folder below a path given to it, from what the folder
    holds; empty when it is entered. Names that cannot be code are `is_skipped_dir`. With
    `generated`, folders of code a tool wrote (migrations) are entered."""
    reason = foreign_folder(folder) or ("" if generated else generated_folder(folder))
    if reason:
        return reason
    # os.path's check: an unreadable folder reads as holding nothing (Path's raise there)
    if folder.name in BUILD_OUTPUT and not os.path.exists(folder / "__init__.py"):
        return "build output"
    return ""


@dataclass(frozen=True)
class SourceFile:
    """A file to review: its display path (POSIX, relative to cwd when below it) and language.

    `problem` says why a file (or folder) that discovery found cannot be handed to the
    analyzers: reading the sources reports it once instead of losing it silently."""

    path: str
    language: str
    problem: str = ""

    @property
    def real_path(self) -> Path:
        return Path(self.path)


def is_excluded(path: str, patterns: Iterable[str]) -> bool:
    """True when the path, or any of its parent folders, matches an exclude glob. A relative
    glob (from the command line) is matched against the path as shown, relative to the
    working directory; an absolute one (a config file's, see `anchored_glob`) against the
    absolute path."""
    relative: list[str] = []
    absolute: list[str] = []
    for pattern in patterns:
        (absolute if pattern.startswith("/") else relative).append(pattern)
    if _matches(path, relative):
        return True
    return bool(absolute) and _matches(Path(os.path.abspath(path)).as_posix(), absolute)


def _matches(path: str, patterns: Sequence[str]) -> bool:
    posix = PurePosixPath(path)
    candidates = [path, *(p.as_posix() for p in posix.parents if p.as_posix() != ".")]
    return any(fnmatch.fnmatch(c, pattern) for c in candidates for pattern in patterns)


def is_skipped_dir(name: str) -> bool:
    """A folder discovery never enters, by its name alone: tools' caches, installed packages."""
    return name in SKIPPED_DIRS or name in excluded_folders() or name.endswith(".egg-info")


def _walk(
    root: Path, unlisted: list[OSError], patterns: Sequence[str], choices: _Walk
) -> Iterator[Path]:
    ignored = git_ignored(root) if choices.gitignore else frozenset()
    for folder, dirs, files in os.walk(root, onerror=unlisted.append, followlinks=False):
        dirs[:] = [
            d
            for d in sorted(dirs)
            if _entered(Path(folder) / d, patterns, choices.generated)
            and not _listed(folder, d, ignored)
        ]
        for name in sorted(files):
            if not _listed(folder, name, ignored):
                yield Path(folder) / name


def _listed(folder: str, name: str, paths: frozenset[str]) -> bool:
    return bool(paths) and os.path.abspath(os.path.join(folder, name)) in paths


def git_ignored(root: Path) -> frozenset[str]:
    """Absolute paths of the untracked files and folders under a folder that git ignores
    (.gitignore, .git/info/exclude, the user's excludes file), as ruff leaves them out;
    nothing outside a git work tree, or without git. A tracked file is never ignored."""
    args = ["ls-files", "--others", "--ignored", "--exclude-standard", "--directory", "-z"]
    try:
        listed = git_bytes([*args, "--", "."], root)
    except UsageError:
        return frozenset()
    base = os.path.abspath(root)
    names = (os.fsdecode(name).rstrip("/") for name in listed.split(b"\0") if name)
    return frozenset(os.path.normpath(os.path.join(base, name)) for name in names)


def _entered(folder: Path, patterns: Sequence[str], generated: bool) -> bool:
    """False for a folder not to walk into; one skipped for what it holds is noted."""
    if is_skipped_dir(folder.name):
        return False
    reason = skip_reason(folder, generated)
    if not reason:
        return True
    noted, shown = _skipped.get(), printable_path(display_path(folder))
    if noted is not None and not is_excluded(shown, patterns):
        noted.append(SkippedFolder(shown, reason))
    return False


def _is_utf8(path: str) -> bool:
    """False for a name whose bytes are not UTF-8 (Python holds them as lone surrogates)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_root(raw: str) -> Path:
    """The path a user named, or a UsageError saying precisely what is wrong with it."""
    if not _is_utf8(raw):
        raise UsageError(f"path is not valid UTF-8: {printable_path(raw)}")
    root = Path(raw)
    if root.exists():
        return root
    if root.is_symlink():
        raise UsageError(f"path is a broken symbolic link (or a loop of them): {raw}")
    raise UsageError(f"path does not exist: {raw}")


def _source(shown: str, language: str) -> SourceFile:
    if _is_utf8(shown):
        return SourceFile(shown, language)
    problem = "its name is not valid UTF-8; rename it to have it reviewed"
    return SourceFile(printable_path(shown), language, problem)


def _unlisted(error: OSError) -> SourceFile:
    shown = printable_path(display_path(Path(error.filename)))
    return SourceFile(shown, "folder", f"folder cannot be listed: {error.strerror or error}")


@dataclass(frozen=True)
class _Walk:
    """What a walk leaves out besides the excludes: what git ignores, code a tool wrote."""

    gitignore: bool
    generated: bool


def discover(
    paths: Iterable[str],
    exclude: Iterable[str] = (),
    gitignore: bool = True,
    generated: bool = False,
) -> tuple[SourceFile, ...]:
    """Every reviewable file under the paths, in a stable order, each once; a folder that
    cannot be listed and a name that is not UTF-8 come with the `problem` that stops them.
    With `gitignore`, what git ignores in a folder walked is left out (see `git_ignored`);
    without `generated`, folders of migrations below a path named are (see `skip_reason`)."""
    patterns, choices = tuple(exclude), _Walk(gitignore, generated)
    found: dict[str, SourceFile] = {}
    for raw in paths:
        root = _check_root(raw)
        unlisted: list[OSError] = []
        candidates = list(_walk(root, unlisted, patterns, choices)) if root.is_dir() else [root]
        for candidate in candidates:
            language = language_for(candidate.name)
            shown = display_path(candidate) if language else ""
            if language and not is_excluded(shown, patterns):
                source = _source(shown, language.name)
                found.setdefault(source.path, source)
        for error in unlisted:
            source = _unlisted(error)
            if not is_excluded(source.path, patterns):
                found.setdefault(source.path, source)
    return tuple(found.values())
