"""Rewrites of our own for the PHP rules that matter most, built from the flagged lines
(to be built: issue 17)."""

from __future__ import annotations

from collections.abc import Mapping

from reviewer.suggestions.base import Builder

BUILDERS: Mapping[str, Builder] = {}
