# expect: design:environment-read@14, design:hidden-clock@18, design:log-and-swallow@26
"""Audit trail writes."""
import json
import logging
import os
from datetime import datetime, timezone

logger = logging.getLogger(__name__)


class AuditLog:
    def __init__(self, path):
        self.path = path
        self.user = os.environ.get("USER", "unknown")

    def record(self, action, payload):
        entry = {
            "at": datetime.now(timezone.utc).isoformat(),
            "user": self.user,
            "action": action,
            "payload": payload,
        }
        try:
            with open(self.path, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(entry) + "\n")
        except OSError:
            logger.error("could not write audit entry for %s", action)

    def replay(self):
        with open(self.path, encoding="utf-8") as handle:
            return [json.loads(line) for line in handle]
