"""Files written whole or not at all: a temporary file beside the target, then a rename."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


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
