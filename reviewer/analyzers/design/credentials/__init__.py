"""Credentials in the code: passwords and tokens sent, stored or compared in the clear,
JWTs decoded without checks, reset tokens that can be replayed. One module per detector."""

from __future__ import annotations

from reviewer.analyzers.design.credentials.comparison import secret_compared_with_eq
from reviewer.analyzers.design.credentials.jwt_decode import jwt_decode_unverified
from reviewer.analyzers.design.credentials.plaintext import plaintext_password_sent
from reviewer.analyzers.design.credentials.reset_tokens import reset_token_reusable
from reviewer.analyzers.design.credentials.stored_tokens import token_stored_plaintext

__all__ = [
    "jwt_decode_unverified",
    "plaintext_password_sent",
    "reset_token_reusable",
    "secret_compared_with_eq",
    "token_stored_plaintext",
]
