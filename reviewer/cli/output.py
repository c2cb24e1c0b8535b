"""Where a review goes: a regular file replaced whole, a device or pipe written into, or
standard output.

Atomic replacement (a temporary file renamed over the name) is for regular files only:
renaming over /dev/null, a FIFO or /dev/stdout would replace them with a regular file. So the
named path is written into, as a shell's `>` does, when it is a device, FIFO or socket, or one
of this process's own descriptors (/dev/stdout, /dev/fd/N, /proc/self/fd/N). A link at the name
is followed only when it ends at a FIFO or a socket, or is one of the system's own links in
/dev or /proc; any other link is replaced, so a link planted in a shared folder cannot send the
write to a file or device of its choosing."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from reviewer.errors import UsageError
from reviewer.runtime.atomic import write_atomically

_LINK_HOPS = 40  # as many as the kernel follows before ELOOP


def write_output(path: Path, text: str) -> None:
    """Write `text` to the file, device or pipe at `path`, or say in one line why not."""
    try:
        _write(path, text)
    except BrokenPipeError:
        pass  # the pipe's reader left before the end: its choice, as with standard output
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None


def _write(path: Path, text: str) -> None:
    descriptor = _own_descriptor(path)
    if descriptor is not None:
        _write_to_descriptor(descriptor, text)
    elif _written_in_place(path):
        _write_in_place(path, text)
    else:
        write_atomically(path, text)


def write_stdout(text: str) -> None:
    """Print the review; a reader that left early ends it quietly, any other error is one line."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    except OSError as error:
        _silence_stdout()
        reason = error.strerror or str(error)
        raise UsageError(f"cannot write the review to standard output: {reason}") from None


def _written_in_place(path: Path) -> bool:
    try:
        named = path.lstat().st_mode
        kind = path.stat().st_mode
    except OSError:
        return False  # missing or a dangling link: created (or reported) the atomic way
    if not stat.S_ISLNK(named):
        return not (stat.S_ISREG(kind) or stat.S_ISDIR(kind))
    if _system_folder(path.parent):
        return True
    # Not through /proc: a planted link to another process's pipe would feed it the review.
    streams = stat.S_ISFIFO(kind) or stat.S_ISSOCK(kind)
    return streams and not _in_proc(Path(os.path.realpath(path)))


def _system_folder(folder: Path) -> bool:
    """/dev itself (not /dev/shm, which anyone may write) or anywhere in /proc."""
    real = Path(os.path.realpath(folder))
    return real == Path("/dev") or _in_proc(real)


def _in_proc(real: Path) -> bool:
    return Path("/proc") in (real, *real.parents)


def _own_descriptor(path: Path) -> int | None:
    """N when `path` leads, link by link, to /proc/<this process>/fd/N (/dev/stdout does)."""
    descriptors = Path(f"/proc/{os.getpid()}/fd")
    hop = Path(os.path.abspath(path))
    for _ in range(_LINK_HOPS):
        if hop.name.isdigit() and Path(os.path.realpath(hop.parent)) == descriptors:
            return int(hop.name)
        if not hop.is_symlink():
            return None
        hop = Path(os.path.abspath(hop.parent / os.readlink(hop)))
    return None


def _write_to_descriptor(descriptor: int, text: str) -> None:
    """Write through a copy of the descriptor, as a shell does for /dev/stdout: a file the
    caller opened to append to is appended to, not truncated."""
    sys.stdout.flush()
    with os.fdopen(os.dup(descriptor), "w", encoding="utf-8", newline="") as stream:
        stream.write(text)


def _write_in_place(path: Path, text: str) -> None:
    handle = os.open(path, os.O_WRONLY | os.O_TRUNC | os.O_NOCTTY)
    with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
        stream.write(text)


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's last flush has nowhere to fail
    (the recipe in Python's `signal` documentation, note on SIGPIPE)."""
    try:
        descriptor = sys.stdout.fileno()
    except (OSError, ValueError):
        return  # not a real file (captured by a test): nothing will be flushed to it
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)
