"""Where a reviewed file can be read on the web: in a GitHub Actions run, the commit's page on
GitHub, so that a write-up's places are links (`app/orders.py#L73`). Only the CI's own
environment says so: nothing in the reviewed tree chooses where a link points."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

GITHUB_VARIABLES = ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA", "GITHUB_WORKSPACE")


def blob_url(environ: Mapping[str, str], here: Path) -> str | None:
    """`https://github.com/OWNER/REPO/blob/SHA/` when GitHub Actions runs the review from the
    checkout's root (the reviewed paths are then the repository's own); None elsewhere."""
    server, repository, sha, workspace = (environ.get(name, "") for name in GITHUB_VARIABLES)
    if not (server.startswith("https://") and repository and sha and workspace):
        return None
    if here.resolve() != Path(workspace).resolve():
        return None
    return f"{server.rstrip('/')}/{repository}/blob/{sha}/"


def line_anchor(line: int, end_line: int) -> str:
    """GitHub's fragment for a line or a range of lines."""
    return f"#L{line}-L{end_line}" if end_line > line else f"#L{line}"
