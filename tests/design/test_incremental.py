"""The design detectors against their per-file cache: a file is analyzed again when it
changes or when a module it consulted does, and the findings are those of a whole run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer.analyzers.design import DesignAnalyzer
from reviewer.inputs.discovery import SourceFile
from reviewer.model import AnalyzerResult
from reviewer.runtime.atomic import write_entry
from tests.helpers import write

GATEWAY = (
    "class Gateway:\n    def charge(self, amount, currency):\n        raise NotImplementedError\n"
)
CARD = (
    "from shop.gateway import Gateway\n\n\n"
    "class Card(Gateway):\n    def charge(self, amount):\n        return amount\n"
)


def codes(result: AnalyzerResult) -> list[tuple[str, str]]:
    return sorted((Path(f.location.path).name, f.code) for f in result.findings)


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """A package whose `card.py` overrides a method of `gateway.py`'s base class."""
    write(tmp_path, "shop/__init__.py", "")
    write(tmp_path, "shop/gateway.py", GATEWAY)
    write(tmp_path, "shop/card.py", CARD)
    return tmp_path / "shop"


def sources(folder: Path, *names: str) -> list[SourceFile]:
    return [SourceFile((folder / name).as_posix(), "python") for name in names]


def run(files: list[SourceFile], cache: Path | None) -> AnalyzerResult:
    return DesignAnalyzer(cache_dir=str(cache) if cache else None).run(files)


def test_a_file_is_analyzed_again_when_a_module_it_consulted_changes(shop: Path) -> None:
    files = sources(shop, "card.py", "gateway.py")
    cache = shop.parent / "cache"
    cold = run(files, cache)
    assert ("card.py", "incompatible-override") in codes(cold)
    write(shop, "gateway.py", GATEWAY.replace(", currency", ""))  # card.py untouched
    warm = run(files, cache)
    assert ("card.py", "incompatible-override") not in codes(warm)
    assert codes(warm) == codes(run(files, None))


def test_unchanged_files_come_from_the_cache_and_a_damaged_entry_is_rebuilt(
    shop: Path,
) -> None:
    files = sources(shop, "card.py")
    cache = shop.parent / "cache"
    cold = run(files, cache)
    [entry] = (cache / "design-files").rglob("*.json")
    entry.write_text('{"result": {"findings": [["design", "fake", "x", 1, 1, 1, "m", {}]]', "utf-8")
    assert codes(run(files, cache)) == codes(cold)  # half written: not trusted
    planted = {"findings": [["design", "planted", "card.py", 1, 1, 1, "m", {}, None]], "errors": []}
    entry.write_text(json.dumps({"result": planted, "consulted": {}}), "utf-8")
    assert codes(run(files, cache)) == codes(cold)  # whole but not sealed by review: rebuilt
    write_entry(entry, {"result": planted, "consulted": {}})
    assert codes(run(files, cache)) == [("card.py", "planted")]  # a sealed entry is read
