"""Credentials in the code: passwords and tokens sent, stored or compared in the clear,
JWTs decoded without checks, reset tokens that can be replayed."""

from __future__ import annotations
