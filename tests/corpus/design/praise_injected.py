# expect: design:praise-annotated@1, design:praise-injected-dependencies@23
"""Sign-up use case written against small protocols."""
from dataclasses import dataclass
from typing import Protocol


class UserRepository(Protocol):
    def add(self, email: str) -> int: ...

    def exists(self, email: str) -> bool: ...


class Mailer(Protocol):
    def send(self, to: str, subject: str, body: str) -> None: ...


@dataclass(frozen=True)
class SignUpResult:
    user_id: int
    created: bool


class SignUp:
    def __init__(self, users: UserRepository, mailer: Mailer, sender: str = "hello@example.com"):
        self._users = users
        self._mailer = mailer
        self._sender = sender

    def __call__(self, email: str) -> SignUpResult:
        if self._users.exists(email):
            return SignUpResult(user_id=0, created=False)
        user_id = self._users.add(email)
        self._mailer.send(email, "Welcome", f"Your account {user_id} is ready.")
        return SignUpResult(user_id=user_id, created=True)
