"""One project error type, the exit codes, and the hint every "unknown value" message ends with;
the CLI turns each error into a one-line message and an exit code."""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable


class ExitCode(enum.IntEnum):
    """What `review` exits with; a signal's stop exits with 128 + its number, as shells say."""

    CLEAN = 0
    FINDINGS = 1  # a comment reaches --fail-on
    USAGE = 2  # a ReviewError: bad input, configuration or catalog
    INCOMPLETE = 3  # an analyzer did not run


class ReviewError(Exception):
    """A problem the user can fix; its message says what to do."""

    exit_code = ExitCode.USAGE


class UsageError(ReviewError):
    """Bad command-line input: a path that does not exist, an unknown option value."""


class ConfigError(ReviewError):
    """A configuration file that cannot be read or holds an unknown key or bad value."""


class CatalogError(ReviewError):
    """A rule file that does not validate; the message names the file, the rule and the field."""


def closest(word: str, choices: Iterable[str]) -> str:
    """`; did you mean 'x'?` for the nearest valid choice, or an empty string."""
    matches = difflib.get_close_matches(word, sorted(choices), n=1)
    return f"; did you mean '{matches[0]}'?" if matches else ""
