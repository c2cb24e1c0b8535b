"""Who may see and change what: records loaded by a client-given id with no ownership or
permission check, sensitive fields sent back, CSRF protection switched off, login messages
that tell which field was wrong."""

from __future__ import annotations
