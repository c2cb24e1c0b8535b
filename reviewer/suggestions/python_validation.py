"""Rewrites for the validation detectors of the design analyzer
(reviewer/analyzers/design/validation.py)."""

from __future__ import annotations

from collections.abc import Mapping

from reviewer.suggestions.base import Builder

BUILDERS: Mapping[str, Builder] = {}
