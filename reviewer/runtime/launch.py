"""Children that die with `review`. Linux kills a process whose parent has ended when it asked
to be (PR_SET_PDEATHSIG); the request must come from the child itself, and survives exec.

Run as a script, `python -I -S launch.py PARENT PROGRAM ARGS...` asks for that and then
becomes PROGRAM: the tools are started this way. It imports nothing but the standard library
(and, with -I, nothing from the working directory). A worker asks for it at its start."""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1
EXIT_ORPHANED = 1
# When PROGRAM cannot be started: the code and the start of the one line said about it.
EXIT_CANNOT_START = 127
CANNOT_START = "review-launch: "


def die_with(parent: int) -> None:
    """Be killed when the process `parent` ends (on Linux); end at once if it already has,
    the request made too late to count."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(EXIT_ORPHANED)


def launched(args: list[str]) -> list[str]:
    """The command that runs `args` so that it dies with this process (Linux only: elsewhere,
    `args` as they are)."""
    if not sys.platform.startswith("linux"):
        return list(args)
    return [sys.executable, "-I", "-S", os.path.abspath(__file__), str(os.getpid()), *args]


def become(args: list[str]) -> None:
    """Replace this process with `args` (looked up on PATH as Popen does when the name has no
    slash; ours all have one); when that cannot be done, say why in one line and exit
    EXIT_CANNOT_START."""
    try:
        os.execvp(args[0], args)  # noqa: S606  # nosec B606 - our own argument list, no shell
    except OSError as error:
        why = "is not installed" if isinstance(error, FileNotFoundError) else "cannot be run"
        reason = "" if why == "is not installed" else f": {error.strerror or error}"
        sys.stderr.write(f"{CANNOT_START}{args[0]} {why}{reason}\n")
        sys.stderr.flush()
        os._exit(EXIT_CANNOT_START)


if __name__ == "__main__":
    die_with(int(sys.argv[1]))
    become(sys.argv[2:])
