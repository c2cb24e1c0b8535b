"""PHP: `.php` files, read but not parsed (tree-sitter parses a file's outline when a
comment needs it), `//` and `#` comments, and `*Test.php` tests (PHPUnit's convention)."""

from __future__ import annotations

import os
from pathlib import Path

from reviewer.languages.base import Language, Outline, Reading
from reviewer.languages.marks import hinted_lines


def read(data: bytes) -> Reading:
    """The lines that may be suppressions; the outline is left for when it is needed."""
    return Reading(None, hinted_lines(data.decode("utf-8", errors="replace")))


def outline_on_disk(path: str) -> Outline:
    """The file's outline, tree-sitter imported only for a run that needs it."""
    from reviewer.languages.php.outline import outline_on_disk as parsed

    return parsed(path)


def skips(folder: Path) -> str:
    """Composer's `vendor/` holds installed packages, not the project's code."""
    if folder.name == "vendor" and (
        os.path.isfile(folder / "autoload.php") or os.path.isdir(folder / "composer")
    ):
        return "Composer packages"
    return ""


PHP = Language(
    name="php",
    title="PHP",
    suffixes=(".php",),
    fence="php",
    comments=("//", "#"),
    read=read,
    outline=outline_on_disk,
    test_files=("*Test.php",),
    # Laravel's seeders and model factories (data for development and tests) and its Artisan
    # commands, run by an operator
    script_folders=(
        "database/seeders",
        "database/seeds",
        "database/factories",
        "Console/Commands",
    ),
    skips=skips,
    analyzers=("php",),
)
