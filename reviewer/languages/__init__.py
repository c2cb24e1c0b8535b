"""The languages the review knows, one `Language` record each, and the questions the core
asks of them: which language a path is in, whether it is a test, which folders hold none of
its code, which analyzers review it. Adding a language: a package here and a line in
`LANGUAGES` (and, for findings, an analyzer registered under a name the record lists)."""

from __future__ import annotations

import re
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath

from reviewer.languages.base import Language
from reviewer.languages.dotenv import DOTENV
from reviewer.languages.php import PHP
from reviewer.languages.python import PYTHON
from reviewer.model import Area

LANGUAGES: tuple[Language, ...] = (PYTHON, PHP, DOTENV)

TEST_FOLDERS = frozenset({"test", "tests", "testing"})
# Settings modules and classes for development or tests (`settings/dev.py`, `local_settings`,
# `TestingConfig` as `testing_config`): they never ship.
DEVELOPMENT_SETTINGS = re.compile(r"(^|_)(dev|development|local|test|tests|testing)(_|$)", re.I)
SCRIPT_FOLDERS = frozenset({"scripts", "bin", "tools"})
# Django's and Laravel's `migrations`, Alembic's environment (its `versions` sit inside).
MIGRATION_FOLDERS = frozenset({"migrations", "alembic"})


def language_for(path: str) -> Language | None:
    """The language of a file by its suffix (in any case), else by its whole name (`.env`);
    None for a file of none."""
    name = PurePosixPath(path).name.lower()
    suffix = PurePosixPath(name).suffix
    by_suffix = (language for language in LANGUAGES if suffix in language.suffixes)
    by_name = (
        language
        for language in LANGUAGES
        if any(fnmatchcase(name, glob) for glob in language.names)
    )
    return next(by_suffix, None) or next(by_name, None)


def shown_line(path: str, line: str) -> str:
    """A line of `path` as a report may show it: a dotenv file's values masked."""
    language = language_for(path)
    return language.shown(line) if language else line


def language_named(name: str) -> Language | None:
    """The language of this name; None for a name no record has."""
    return next((language for language in LANGUAGES if language.name == name), None)


def titles(conjunction: str = " and ") -> str:
    """The languages' titles as a reader is told them: "Python and PHP"."""
    named = [language.title for language in LANGUAGES if language.code]
    return conjunction.join(filter(None, (", ".join(named[:-1]), named[-1])))


def fence_for(path: str) -> str:
    """The info string of a fenced code block showing `path`: "python", "php", or ""."""
    language = language_for(path)
    return language.fence if language else ""


def is_test_file(path: str) -> bool:
    """A test module: anything under a `test`, `tests` or `testing` folder, `test_*` files,
    and the names the file's language calls tests (`conftest.py`, `*_test.py`, `*Test.php`)."""
    parts = path.replace("\\", "/").split("/")
    name = parts[-1]
    if TEST_FOLDERS.intersection(parts[:-1]) or name.startswith("test_"):
        return True
    language = language_for(name)
    return language is not None and any(fnmatchcase(name, glob) for glob in language.test_files)


def area_of(path: str) -> Area:
    """The part of the project a file belongs to, by its path: tests, migrations, a
    developer's scripts, else the code that ships."""
    if is_test_file(path):
        return Area.TESTS
    parts = path.replace("\\", "/").split("/")
    folders, name = parts[:-1], parts[-1]
    if MIGRATION_FOLDERS.intersection(folders):
        return Area.MIGRATIONS
    language = language_for(name)
    scripts = language.script_folders if language else ()
    if SCRIPT_FOLDERS.intersection(folders) or any(_within(folders, run) for run in scripts):
        return Area.SCRIPTS
    named = language.script_files if language else ()
    return Area.SCRIPTS if any(fnmatchcase(name, glob) for glob in named) else Area.CODE


def _within(folders: list[str], run: str) -> bool:
    """True when the folders hold `run` ("database/seeders") as consecutive names."""
    wanted = run.split("/")
    width = len(wanted)
    return any(folders[i : i + width] == wanted for i in range(len(folders) - width + 1))


def excluded_folders() -> frozenset[str]:
    """Names of the folders that hold no code of any language's project (caches, installed
    packages), never entered."""
    return frozenset(name for language in LANGUAGES for name in language.excludes)


def foreign_folder(folder: Path) -> str:
    """Why a language says a folder holds none of the project's code (installed packages),
    from what it holds; empty when none does."""
    return next(filter(None, (language.skips(folder) for language in LANGUAGES)), "")


def generated_folder(folder: Path) -> str:
    """Why a language says a folder holds code a tool wrote (migrations), from what it holds;
    empty when none does."""
    return next(filter(None, (language.generated(folder) for language in LANGUAGES)), "")


def analyzed_by(analyzer: str) -> frozenset[str]:
    """The names of the languages whose records list this analyzer."""
    return frozenset(language.name for language in LANGUAGES if analyzer in language.analyzers)
