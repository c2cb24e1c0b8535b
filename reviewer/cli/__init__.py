"""The entry point: `review --version` answers before anything heavy is imported; everything
else goes to the Typer command line in app.py, or to a subcommand in commands.py."""

from __future__ import annotations

import os
import sys

from reviewer import __version__
from reviewer.cli.interrupts import Interrupted, stoppable, stopped
from reviewer.errors import ExitCode

SUBCOMMANDS = frozenset({"baseline", "init", "rules", "explain", "cache"})


def optional_values(argv: list[str]) -> list[str]:
    """`--diff` may stand without a value; give it the default one so the parser accepts it.
    So does `--diff src/`: a value that is an existing path and names no commit is a path."""
    if "--diff" not in argv:
        return argv
    from reviewer.config.options import DEFAULT_BASE

    done: list[str] = []
    for index, arg in enumerate(argv):
        done.append(arg)
        following = argv[index + 1] if index + 1 < len(argv) else "-"
        if arg == "--diff" and (following.startswith("-") or _path_not_ref(following)):
            done.append(DEFAULT_BASE)
    return done


def _path_not_ref(value: str) -> bool:
    """True when `value` is a file or folder here and no commit of the repository's."""
    if not os.path.exists(value):
        return False
    from reviewer.errors import UsageError
    from reviewer.inputs.vcs import commit_named, repository_root

    try:
        commit_named(value, repository_root())
    except UsageError:
        return True
    return False


def mistyped_command(args: list[str]) -> str:
    """The error for a first argument that is no path but looks like a misspelled command."""
    first = args[0] if args else "-"
    if first.startswith("-") or first in SUBCOMMANDS or os.path.lexists(first):
        return ""
    from reviewer.errors import closest

    hint = closest(first, sorted(SUBCOMMANDS))
    return f"review: error: no such path or command '{first}'{hint}" if hint else ""


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script and of `python -m reviewer`. Ctrl-C, SIGTERM or
    SIGHUP at any moment, imports included, stops it in one line (interrupts.stopped)."""
    try:
        with stoppable():
            return _main(argv)
    except (Interrupted, KeyboardInterrupt) as stop:
        return stopped(stop)


def _main(argv: list[str] | None) -> int:
    args = optional_values(sys.argv[1:] if argv is None else argv)
    if args == ["--version"]:
        print(f"review {__version__}")
        return ExitCode.CLEAN
    typo = mistyped_command(args)
    if typo:
        sys.stderr.write(f"{typo}\n")
        return ExitCode.USAGE
    try:
        if args and args[0] in SUBCOMMANDS:
            from reviewer.cli.commands import subcommands

            subcommands(args=args, prog_name="review", help_option_names=["-h", "--help"])
        else:
            from reviewer.cli.app import app

            app(args=args, prog_name="review")
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else ExitCode.USAGE
    return ExitCode.CLEAN
