# expect: design:praise-state-machine-data@4
"""Ticket workflow: the allowed transitions are a table, not a chain of ifs."""

ALLOWED = {
    "open": {"in_progress", "closed"},
    "in_progress": {"waiting", "resolved", "open"},
    "waiting": {"in_progress"},
    "resolved": {"closed", "open"},
    "closed": set(),
}


class InvalidTransition(Exception):
    pass


class Ticket:
    def __init__(self, status="open"):
        self.status = status

    def move_to(self, target):
        if target not in ALLOWED[self.status]:
            raise InvalidTransition(f"{self.status} -> {target}")
        self.status = target
