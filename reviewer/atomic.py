"""Files written whole or not at all: a temporary file beside the target, then a rename."""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# Read once, at import: setting the umask to read it is not safe while threads create files.
_UMASK = _current_umask()


def write_atomically(path: Path, text: str) -> None:
    """Write through a temporary file and a rename, so a crash never leaves half a file.

    The file keeps the mode it had (a new one gets the umask's), not mkstemp's 0600: a
    report others must read stays readable. A symbolic link at `path` is replaced, not
    followed, so nothing is written outside the path that was named."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(handle, _mode_for(path))
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    try:
        status = path.lstat()
    except OSError:
        return 0o666 & ~_UMASK
    if stat.S_ISLNK(status.st_mode):
        return 0o666 & ~_UMASK
    return stat.S_IMODE(status.st_mode)


def entry_path(folder: Path, key: str) -> Path:
    """Where a cache entry named by a hex digest lives: fanned out by its first two digits."""
    return folder / key[:2] / f"{key}.json"


def read_entry(path: Path) -> Any:
    """A cache entry's JSON, or None when it is missing, unreadable or half written."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_entry(path: Path, data: object) -> None:
    """Write a cache entry whole, or not at all when the cache cannot be written."""
    with contextlib.suppress(OSError):
        write_atomically(path, json.dumps(data))
