"""Request data written or indexed before anything validated it, and control flow nested
so deep that guard clauses would read better."""

from __future__ import annotations
