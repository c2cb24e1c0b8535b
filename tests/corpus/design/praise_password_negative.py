# expect: design:praise-annotated@1
"""Legacy accounts: new passwords use bcrypt, but old ones are still checked as SHA-256."""

import hashlib
import hmac

import bcrypt


def hash_password(password: str) -> bytes:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt())


def check_legacy(password: str, stored: str) -> bool:
    digest = hashlib.sha256(password.encode()).hexdigest()
    return hmac.compare_digest(digest, stored)


def api_key_fingerprint(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:12]
