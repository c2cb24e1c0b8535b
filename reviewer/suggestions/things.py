"""The offending thing at a flagged place, named as code for the comment's title: the call,
name, value or construct (to be built: issue 17)."""

from __future__ import annotations

from reviewer.suggestions.base import Namer

NAMERS: tuple[Namer, ...] = ()
