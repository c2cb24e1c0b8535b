"""Praise a senior Laravel reviewer gives where it is earned (issue 19's praise work)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from reviewer.analyzers.php.context import PhpFile
from reviewer.model import Finding

DETECTORS: tuple[Callable[[PhpFile], Iterator[Finding]], ...] = ()
