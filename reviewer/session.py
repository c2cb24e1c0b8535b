"""Wiring one run: the catalog, the analyzers, the renderer, the formatter and the output."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from reviewer.analyzers import build_analyzers
from reviewer.catalog import load_catalog
from reviewer.config import ReviewConfig
from reviewer.errors import UsageError
from reviewer.formats import formatter_for
from reviewer.model import Review
from reviewer.pipeline import run_review
from reviewer.render import make_renderer


def review_and_write(config: ReviewConfig) -> Review:
    """Review the configured paths and write the formatted result where it was asked for."""
    catalog = load_catalog()
    analyzers = build_analyzers(catalog, config)
    review = run_review(config, analyzers, catalog, make_renderer(config.voice))
    text = formatter_for(config.output_format)(review, config)
    if config.output:
        try:
            write_atomically(Path(config.output), text)
        except OSError as error:
            raise UsageError(f"cannot write {config.output}: {error.strerror or error}") from error
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    return review


def write_atomically(path: Path, text: str) -> None:
    """Write through a temporary file and a rename, so a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
