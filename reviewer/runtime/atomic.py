"""Files written whole or not at all: a temporary file beside the target, then a rename."""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from reviewer.runtime.key import sealed, verifies


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


# A cache entry is one line with its seal, then its JSON; the largest read back whole.
MAX_ENTRY_BYTES = 1 << 30


def read_entry(path: Path) -> Any:
    """A cache entry's JSON, or None when it is missing, unreadable, half written, reached
    through a symbolic link, or not sealed by this user's review (a file the tree supplied)."""
    if _through_link(path):
        return None
    try:
        seal, _, body = _regular_file_bytes(path).partition(b"\n")
        if not verifies(path.name, body, seal.decode("ascii")):
            return None
        return json.loads(body)
    except (OSError, ValueError):
        return None


def write_entry(path: Path, data: object) -> None:
    """Write a cache entry whole and sealed, or not at all when the cache cannot be written
    (or there is no key to seal it with)."""
    body = json.dumps(data)
    seal = sealed(path.name, body.encode("utf-8"))
    if not seal or _through_link(path):
        return
    with contextlib.suppress(OSError):
        write_atomically(path, f"{seal}\n{body}")


def _through_link(path: Path) -> bool:
    """True when the entry's folders (its fan-out folder and its analyzer's) are symbolic
    links: a tree that planted one would have review read or write elsewhere."""
    return os.path.islink(path.parent) or os.path.islink(path.parent.parent)


def _regular_file_bytes(path: Path) -> bytes:
    """The bytes of a regular file, never through a link at `path`, never from a pipe."""
    handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(handle, "rb") as stream:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_ENTRY_BYTES:
            raise OSError(f"{path} is not a cache entry")
        return stream.read()
