"""The per-user secret that makes a cache believable: kept outside every reviewed tree (in
`$XDG_CACHE_HOME/review/key`), made on first use, readable by its owner alone. What review
writes into a cache is sealed with it; what a tree supplies cannot be, so it is not believed."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import os
import secrets
import stat
import tempfile
from pathlib import Path

KEY_HEX_DIGITS = 64


def key_path() -> Path:
    """Where the key lives: `$XDG_CACHE_HOME/review/key`, else `~/.cache/review/key` (a
    relative XDG_CACHE_HOME is ignored, as the XDG specification says)."""
    return _key_path_under(os.environ.get("XDG_CACHE_HOME", ""), os.environ.get("HOME", ""))


@functools.lru_cache(maxsize=8)  # asked for each cache entry read or written
def _key_path_under(base: str, home: str) -> Path:
    root = Path(base) if os.path.isabs(base) else Path(home or Path.home()) / ".cache"
    return root / "review" / "key"


def load_key() -> bytes:
    """The key, made on first use; OSError (with the reason) when it cannot be made or read,
    or is not one review made (a link, another user's, readable by others)."""
    return _key_at(key_path())


def user_key() -> bytes | None:
    """The key, or None when there is none to be had (then nothing is cached)."""
    try:
        return load_key()
    except OSError:
        return None


def sealed(name: str, body: bytes) -> str:
    """The HMAC-SHA256 of `body` under the key, bound to the name it is kept under; "" when
    there is no key (which no seal equals)."""
    key = user_key()
    if key is None:
        return ""
    return hmac.new(
        key, name.encode("utf-8", "surrogateescape") + b"\0" + body, hashlib.sha256
    ).hexdigest()


def verifies(name: str, body: bytes, seal: str) -> bool:
    """True when `seal` is the one review makes for `body` under `name`."""
    expected = sealed(name, body)
    return bool(expected) and hmac.compare_digest(expected, seal)


@functools.lru_cache(maxsize=8)
def _key_at(path: Path) -> bytes:
    try:
        return _read(path)
    except FileNotFoundError:
        _create(path)
    return _read(path)


def _create(path: Path) -> None:
    """Write a new key whole, then link it into place: of two reviews starting at once, one
    key wins and both read it; neither ever reads half a key."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".key.")  # mode 0600
    try:
        with os.fdopen(handle, "w", encoding="ascii") as stream:
            stream.write(secrets.token_hex(KEY_HEX_DIGITS // 2) + "\n")
        with contextlib.suppress(FileExistsError):  # another review's key won the race
            os.link(temporary, path)
    finally:
        os.unlink(temporary)


def _read(path: Path) -> bytes:
    handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        status = os.fstat(handle)
        _check_private(status)
        text = os.read(handle, KEY_HEX_DIGITS + 2).decode("ascii", "replace").strip()
    finally:
        os.close(handle)
    if len(text) != KEY_HEX_DIGITS or any(c not in "0123456789abcdef" for c in text):
        raise OSError(f"{path} does not hold a key review made")
    return bytes.fromhex(text)


def _check_private(status: os.stat_result) -> None:
    """A key others could read or write (a file a checkout made) is not a secret."""
    if not stat.S_ISREG(status.st_mode):
        raise OSError("the key is not a regular file")
    if status.st_uid != os.geteuid():
        raise OSError("the key belongs to another user")
    if status.st_mode & 0o077:
        raise OSError("the key is readable by others (it must be mode 600)")
