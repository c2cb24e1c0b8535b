"""Ctrl-C, SIGTERM and SIGHUP: `review` stops its tools and workers, says so in one line and
exits 128 + the signal's number, as shells report a process a signal ended."""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
RESEND_AFTER = 0.01  # seconds: a callback that swallows exceptions returns well within it


class Interrupted(BaseException):
    """A signal asked `review` to stop. Not a KeyboardInterrupt: Click would catch that and
    print 'Aborted!'."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


@contextmanager
def stoppable() -> Iterator[None]:
    """While the block runs, the first of SIGINT, SIGTERM and SIGHUP raises Interrupted in the
    main thread, and later ones are ignored (a second Ctrl-C must not break the clean-up).
    Any error raised after the signal is that signal's doing and becomes Interrupted.
    A signal ignored when we started (`nohup`, a background job) stays ignored. The handlers
    from before are put back after; outside the main thread nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    fired: list[int] = []

    def raise_once(number: int, frame: FrameType | None) -> None:
        if fired:
            return
        if _swallows_exceptions(frame):
            # Raised here it would be printed as "Exception ignored" and lost: send the signal
            # again, to arrive once the callback has returned.
            threading.Timer(RESEND_AFTER, os.kill, (os.getpid(), number)).start()
            return
        fired.append(number)
        raise Interrupted(number)

    previous = {n: signal.getsignal(n) for n in STOP_SIGNALS}
    for number, handler in previous.items():
        if handler is not signal.SIG_IGN:
            signal.signal(number, raise_once)
    try:
        yield
    except Exception:
        # Raised inside the threading module's own clean-up (a Condition's wait), Interrupted
        # can come back as "RuntimeError: release unlocked lock": still the signal's doing.
        if fired:
            raise Interrupted(fired[0]) from None
        raise
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)


def _swallows_exceptions(frame: FrameType | None) -> bool:
    """A frame whose exception Python prints and ignores: a weakref callback (importlib's
    module-lock clean-up, `cb`) or a finalizer (`__del__`)."""
    if frame is None:
        return False
    code = frame.f_code
    in_import_lock = code.co_name == "cb" and code.co_filename.startswith("<frozen importlib")
    return in_import_lock or code.co_name == "__del__"


def stopped(stop: BaseException) -> int:
    """Stop the tools and workers, say why in one line; the exit code for it."""
    base = sys.modules.get("reviewer.analyzers.base")
    if base is not None:  # else nothing was started yet
        base.stop_tools()
    number = stop.number if isinstance(stop, Interrupted) else signal.SIGINT
    if number == signal.SIGINT:
        sys.stderr.write("review: interrupted\n")
    else:
        sys.stderr.write(f"review: stopped by {signal.Signals(number).name}\n")
    sys.stderr.flush()
    return 128 + number
