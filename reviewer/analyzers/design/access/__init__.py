"""Who may see and change what: records loaded by a client-given id with no ownership or
permission check, sensitive fields sent back, CSRF protection switched off, login messages
that tell which field was wrong. One module per detector, on shared readings of routes
(routes.py), of the checks that guard them (guards.py), of the records they load (loads.py)
and of the project's models (models.py)."""

from __future__ import annotations

from reviewer.analyzers.design.access.csrf import csrf_exempt_state_change
from reviewer.analyzers.design.access.enumeration import account_enumeration
from reviewer.analyzers.design.access.exposure import sensitive_fields_exposed
from reviewer.analyzers.design.access.ownership import missing_ownership_check, ownership_unclear

__all__ = [
    "account_enumeration",
    "csrf_exempt_state_change",
    "missing_ownership_check",
    "ownership_unclear",
    "sensitive_fields_exposed",
]
