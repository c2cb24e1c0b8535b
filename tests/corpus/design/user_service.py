# expect: design:global-state@11, design:constructs-collaborator@16, design:hidden-clock@31, design:exit-in-library@38
"""User management, with one collaborator built in place and one given."""
import hashlib
import secrets
import sys
import time

from accounts.repositories import UserRepository
from accounts.validation import EmailValidator

_failed_logins = {}


class UserService:
    def __init__(self, settings, mailer):
        self.repository = UserRepository(settings.database_url)
        self.validator = EmailValidator()
        self.mailer = mailer

    def register(self, email, password):
        if not self.validator.valid(email):
            raise ValueError(email)
        salt = secrets.token_hex(8)
        digest = hashlib.sha256((salt + password).encode()).hexdigest()
        return self.repository.add(email, salt, digest)

    def record_failed_login(self, email):
        _failed_logins[email] = _failed_logins.get(email, 0) + 1

    def wait_for_unlock(self, email, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline and _failed_logins.get(email, 0) > 5:
            time.sleep(1)


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)
