"""What is installed where this Python imports from: the tools' versions, among the rest."""

from __future__ import annotations

import hashlib
import os
import sys


def installed_packages() -> str:
    """A digest of the names in each site-packages folder on the path: dist-info names carry
    versions, so installing, removing or upgrading any package changes it."""
    digest = hashlib.sha256()
    for folder in sys.path:
        if folder.endswith(("site-packages", "dist-packages")):
            digest.update(f"{folder}\0{_listing(folder)}\0\0".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _listing(folder: str) -> str:
    try:
        return "\0".join(sorted(os.listdir(folder)))
    except OSError:
        return "unlisted"
