"""What the rest of the project says about a controller action: which models belong to a user,
which Form Requests check access in `authorize()`, and which controllers the route files put
behind an authorizing middleware. Read from every file of the run, once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Project:
    """Facts gathered across the files of one run."""

    # Model class (fully qualified) -> how it shows it belongs to a user (`user_id`).
    owned_models: Mapping[str, str] = field(default_factory=dict)
    # Form Requests (fully qualified) whose `authorize()` checks something.
    checking_requests: frozenset[str] = frozenset()
    # Form Requests (fully qualified) that let everyone through (`return true;` or none).
    open_requests: frozenset[str] = frozenset()
    # Controllers (short names) a route file puts behind `can:` or another authorizing
    # middleware, with the actions named there (`*`: every action).
    guarded_routes: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # True when the run holds a `routes/` file, so that a missing `can:` can be told.
    routes_seen: bool = False

    def route_guarded(self, controller: str, action: str) -> bool:
        """True when a route file guards this action (or every action) of the controller."""
        actions = self.guarded_routes.get(controller, frozenset())
        return "*" in actions or action in actions

    def owner_of(self, model: str) -> str:
        """How the model shows it belongs to a user, or an empty string."""
        found = self.owned_models.get(model.lstrip("\\"))
        if found is not None:
            return found
        short = model.rsplit("\\", 1)[-1]
        matches = [v for k, v in self.owned_models.items() if k.rsplit("\\", 1)[-1] == short]
        return matches[0] if len(matches) == 1 else ""
