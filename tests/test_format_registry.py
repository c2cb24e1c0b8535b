"""A format added the way docs/architecture.md says: a module with `format(review, config)`
and one registry record; it lays out the rendered fields of a real review's comments."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from reviewer.analyzers.tools.ruff import RuffAnalyzer
from reviewer.catalog.rules import load_catalog
from reviewer.cli.session import configure
from reviewer.config.analyzers import RuffOptions
from reviewer.config.options import OutputFormat, Overrides, ReviewConfig
from reviewer.formats import FORMATS, Format, format_record, formatter_for, register
from reviewer.model import Review, Voice
from reviewer.pipeline.run import run_review
from reviewer.render.comments import make_renderer, rendered


def format(review: Review, config: ReviewConfig) -> str:
    """The toy format: one line per comment, `label | subject | details`."""
    lines = []
    for comment in review.comments:
        text = rendered(comment, config.voice)
        lines.append(" | ".join((text.label, text.subject, "; ".join(text.details))))
    return "".join(f"{line}\n" for line in lines)


@pytest.fixture
def toy(monkeypatch: pytest.MonkeyPatch) -> Format:
    """The toy format registered for one test only."""
    monkeypatch.setattr("reviewer.formats.FORMATS", dict(FORMATS))
    register(Format("toy", __name__, machine_readable=True, voice=Voice.MENTOR))
    return format_record("toy")


def test_a_registered_format_writes_a_real_review(
    toy: Format, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("app.py").write_text("import os\n\n\ndef run(text):\n    return eval(text)\n")
    config = ReviewConfig(paths=(".",), cache_dir=None, voice=toy.voice)
    catalog = load_catalog()
    analyzers = [RuffAnalyzer(RuffOptions(catalog.codes_for("ruff")))]
    review = run_review(config, analyzers, catalog, make_renderer(config.voice))
    lines = formatter_for("toy")(review, config).splitlines()
    assert (
        "issue | Dynamic code execution with `eval` or `exec` in `run` (line 5). | "
        + ("Use of possibly insecure function; consider using `ast.literal_eval`")
        in lines
    )
    assert "nitpick | Unused import: `os` (line 1). | `os` imported but unused" in lines


def test_every_command_line_format_has_a_record() -> None:
    assert all(format_record(choice).name == choice.value for choice in OutputFormat)
    assert {name for name, record in FORMATS.items() if record.machine_readable} == {
        "json",
        "sarif",
        "github",
        "gitlab",
    }


def test_the_session_takes_the_default_voice_from_the_registry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    chosen = {f: configure(Overrides(output_format=f)).voice for f in OutputFormat}
    assert {f.value for f, voice in chosen.items() if voice is Voice.MENTOR} == {"markdown", "html"}
    monkeypatch.setitem(FORMATS, "json", dataclasses.replace(FORMATS["json"], voice=Voice.MENTOR))
    assert configure(Overrides(output_format=OutputFormat.JSON)).voice is Voice.MENTOR
    explicit = Overrides(output_format=OutputFormat.JSON, voice=Voice.PEER)
    assert configure(explicit).voice is Voice.PEER
