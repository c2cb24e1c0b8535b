"""Database work a request pays for: queries hidden in model methods and serializers called
in a loop, writes on every request, a missing row that becomes a 500, a duplicate that
becomes a 500."""

from __future__ import annotations
