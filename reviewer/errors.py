"""One project error type; the CLI turns each into a one-line message and an exit code."""

from __future__ import annotations


class ReviewError(Exception):
    """A problem the user can fix; its message says what to do."""

    exit_code = 2


class UsageError(ReviewError):
    """Bad command-line input: a path that does not exist, an unknown option value."""


class ConfigError(ReviewError):
    """A configuration file that cannot be read or holds an unknown key or bad value."""


class CatalogError(ReviewError):
    """A rule file that does not validate; the message names the file, the rule and the field."""
