# expect: design:environment-read@8, design:exit-in-library@11, design:exit-in-library@17
"""Library helpers that stop the whole process when something is missing."""
import os
import sys


def require_token():
    token = os.environ.get("API_TOKEN")
    if not token:
        print("API_TOKEN missing", file=sys.stderr)
        sys.exit(2)
    return token


def validate(rows):
    if not rows:
        raise SystemExit("nothing to import")
    return rows


class MissingToken(Exception):
    pass


def require_token_or_raise(env):
    if "API_TOKEN" not in env:
        raise MissingToken("API_TOKEN is not set")
    return env["API_TOKEN"]
