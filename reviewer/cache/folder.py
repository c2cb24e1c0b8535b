"""Whether the configured cache folder may be used: only one review made, or may make.

A folder is used when it is absent (review makes it and marks it), empty, or marked by a
CACHEDIR.TAG that carries a seal of this user's key. Anything else (a `.review_cache` the
repository ships, `--cache-dir .`, a folder of the user's files, a symbolic link the tree
planted) is neither written into nor marked: the review runs without a cache and says so."""

from __future__ import annotations

import dataclasses
import os
import secrets
import stat
import sys
from pathlib import Path

from reviewer.config.options import ReviewConfig
from reviewer.runtime.atomic import write_atomically
from reviewer.runtime.key import key_path, load_key, sealed, verifies

TAG = "CACHEDIR.TAG"
SIGNATURE = "Signature: 8a477f597d28d172789f06886806bc55\n"
ABOUT = "# This folder is the result cache of `review`; `review cache clear` removes it.\n"
SEAL = "# review-seal: "
# What an earlier review, which sealed nothing, put in its cache folder.
UNSEALED_TAG = SIGNATURE + ABOUT
UNSEALED_NAMES = frozenset(
    {TAG, ".gitignore", "ruff", "bandit", "radon", "mypy", "design", "php"}
    | {"design-files", "sources", "reviews"}
)
MAX_TAG_BYTES = 4096


class UntrustedFolderError(Exception):
    """Why a folder is not one review made."""


def trusted(config: ReviewConfig) -> ReviewConfig:
    """The configuration with its cache folder made ready, or with no cache (and a warning
    line on standard error) when that folder is not one review may use."""
    if config.cache_dir is None:
        return config
    try:
        load_key()
    except OSError as error:
        reason = f"cannot keep review's key in {key_path()}: {error.strerror or error}"
        return _without_cache(config, reason)
    try:
        ready(Path(config.cache_dir))
    except UntrustedFolderError as error:
        return _without_cache(config, f"not using {config.cache_dir} as a cache: {error}")
    return config


def _without_cache(config: ReviewConfig, reason: str) -> ReviewConfig:
    hint = "pass --cache-dir to another folder or --no-cache"
    sys.stderr.write(f"review: warning: {reason} ({hint})\n")
    return dataclasses.replace(config, cache_dir=None)


def ready(folder: Path) -> None:
    """Make the folder (marked, kept out of git) or check it is one review made;
    UntrustedFolderError when it is not, or cannot be made."""
    _refuse_links(folder)
    try:
        status = folder.lstat()
    except FileNotFoundError:
        _make(folder)
        return
    except OSError as error:
        raise UntrustedFolderError(f"it cannot be read ({error.strerror})") from error
    if not stat.S_ISDIR(status.st_mode):
        raise UntrustedFolderError("it is not a folder")
    if not _listing(folder):
        _mark(folder)
    elif not sealed_by_review(folder):
        raise UntrustedFolderError(_why_not(folder))
    elif any(os.path.islink(folder / name) for name in _listing(folder)):
        raise UntrustedFolderError("it holds a symbolic link review did not make")


def _why_not(folder: Path) -> str:
    if _unsealed_cache(folder):
        return "an earlier review made it; `review cache clear` removes it"
    return "review did not make it"


def _refuse_links(folder: Path) -> None:
    """No symbolic link at the folder, nor (for a relative path: inside the project) on the
    way to it; an absolute path's parents are the user's own choice."""
    parts = folder.parts
    first = len(parts) if folder.is_absolute() else 1
    for end in range(first, len(parts) + 1):
        if os.path.islink(Path(*parts[:end])):
            raise UntrustedFolderError(f"{Path(*parts[:end])} is a symbolic link")


def _make(folder: Path) -> None:
    try:
        folder.mkdir(parents=True)
    except FileExistsError:
        pass  # another review made it just now: it marks it, or this one does
    except OSError as error:
        raise UntrustedFolderError(f"it cannot be made ({error.strerror})") from error
    _mark(folder)


def _mark(folder: Path) -> None:
    """Mark the folder for backup tools (its tag, sealed) and keep it out of git."""
    nonce = secrets.token_hex(16)
    seal = f"{SEAL}{nonce} {sealed(TAG, nonce.encode())}\n"
    try:
        write_atomically(folder / TAG, SIGNATURE + ABOUT + seal)
        write_atomically(folder / ".gitignore", "*\n")
    except OSError as error:
        raise UntrustedFolderError(f"it cannot be written ({error.strerror})") from error


def sealed_by_review(folder: Path) -> bool:
    """True when the folder's tag carries a seal of this user's key."""
    text = _tag_text(folder)
    for line in text.splitlines():
        if line.startswith(SEAL):
            nonce, _, seal = line.removeprefix(SEAL).partition(" ")
            return verifies(TAG, nonce.encode(), seal.strip())
    return False


def clearable(folder: Path) -> bool:
    """True when `review cache clear` may delete the folder: not a link, and empty, sealed by
    review, or an earlier review's unsealed cache holding nothing but what it made."""
    if not os.path.isdir(folder) or os.path.islink(folder):
        return False
    try:
        return not _listing(folder) or sealed_by_review(folder) or _unsealed_cache(folder)
    except UntrustedFolderError:
        return False


def _unsealed_cache(folder: Path) -> bool:
    names = _listing(folder)
    plain = not any(os.path.islink(folder / name) for name in names)
    return plain and _tag_text(folder) == UNSEALED_TAG and set(names) <= UNSEALED_NAMES


def _listing(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError as error:
        raise UntrustedFolderError(f"it cannot be read ({error.strerror})") from error


def _tag_text(folder: Path) -> str:
    """The tag's text, never read through a link nor from anything but a regular file."""
    try:
        handle = os.open(folder / TAG, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return ""
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            return ""
        return stream.read(MAX_TAG_BYTES).decode("utf-8", "replace")
