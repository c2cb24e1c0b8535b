"""The analyzer as a whole: its contract, bad files, thresholds and finding fields."""

from __future__ import annotations

import pickle
from dataclasses import replace
from pathlib import Path

import yaml

from reviewer.analyzers.design import (
    CODES,
    PRAISE_CODES,
    DesignAnalyzer,
    DesignThresholds,
)
from reviewer.inputs.discovery import SourceFile
from tests.design.helpers import Analyze, codes, run_design

REPO = Path(__file__).resolve().parents[2]

DISPATCH = """\
def label(status):
    if status == "new":
        return "New"
    elif status == "paid":
        return "Paid"
    elif status == "sent":
        return "Sent"
    return "?"
"""


def test_contract_name_languages_version() -> None:
    analyzer = DesignAnalyzer()
    assert analyzer.name == "design"
    assert analyzer.languages == frozenset({"python"})
    assert analyzer.version() == DesignAnalyzer().version()
    assert analyzer.thresholds == DesignThresholds()


def test_a_file_that_cannot_be_read_is_an_error_and_the_others_are_analyzed(
    tmp_path: Path,
) -> None:
    good = tmp_path / "good.py"
    good.write_text(DISPATCH, encoding="utf-8")
    broken = tmp_path / "broken.py"
    broken.write_bytes(b"def f(:\n    pass\n")
    missing = tmp_path / "missing.py"
    sources = [SourceFile(p.as_posix(), "python") for p in (broken, missing, good)]

    result = DesignAnalyzer().run(sources)

    assert {e.path for e in result.errors} == {broken.as_posix(), missing.as_posix()}
    assert all(e.analyzer == "design" and e.message for e in result.errors)
    assert codes(list(result.findings)) == [("type-dispatch", 2)]


def test_a_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.py"
    path.write_bytes(b"\xef\xbb\xbf" + DISPATCH.encode())
    result = DesignAnalyzer().run([SourceFile(path.as_posix(), "python")])
    assert result.errors == () and len(result.findings) == 1


def test_a_declared_encoding_is_read_as_declared(tmp_path: Path) -> None:
    """PEP 263: `é` in Latin-1 is one byte that is not UTF-8."""
    path = tmp_path / "latin1.py"
    source = DISPATCH.replace('"New"', '"Neué"')
    path.write_bytes(b"# -*- coding: latin-1 -*-\n" + source.encode("latin-1"))
    result = DesignAnalyzer().run([SourceFile(path.as_posix(), "python")])
    assert result.errors == ()
    assert codes(list(result.findings)) == [("type-dispatch", 3)]


def test_findings_carry_location_message_and_measured_value(analyze: Analyze) -> None:
    [finding] = analyze(DISPATCH, name="labels.py")

    assert finding.analyzer == "design" and finding.source == "design:type-dispatch"
    assert finding.location.path.endswith("labels.py")
    assert (finding.location.line, finding.location.end_line, finding.location.column) == (2, 7, 5)
    assert finding.message == "`label` dispatches on `status` over 3 literal values"
    assert finding.extras["metric"] == 3
    assert finding.extras["values"] == ["'new'", "'paid'", "'sent'"]


def test_thresholds_are_configurable(tmp_path: Path) -> None:
    stricter = replace(DesignThresholds(), min_dispatch_cases=4)
    assert run_design(tmp_path, {"labels.py": DISPATCH}, stricter).findings == ()


def test_every_code_has_exactly_one_catalog_rule_with_a_fitting_category() -> None:
    rules = yaml.safe_load((REPO / "rules" / "design.yaml").read_text(encoding="utf-8"))["rules"]
    owners = {
        s.partition(":")[2]: r for r in rules for s in r["sources"] if s.startswith("design:")
    }

    assert set(owners) == CODES
    for code, rule in owners.items():
        assert (rule.get("label") == "praise") == (code in PRAISE_CODES), code
        assert rule["severity"] != "blocker", code
        if code in PRAISE_CODES:
            assert rule["severity"] == "nit"
        assert ("principle" in rule) == (rule["category"] == "solid"), code


def test_a_detector_gives_its_findings_its_code_and_pickles_by_name(tmp_path: Path) -> None:
    from reviewer.analyzers.design import srp
    from reviewer.analyzers.design.detectors import Detector

    assert isinstance(srp.low_cohesion, Detector) and srp.low_cohesion.code == "low-cohesion"
    again = pickle.loads(pickle.dumps(srp.low_cohesion))  # noqa: S301 - our own bytes
    assert again is srp.low_cohesion  # as a worker process receives it
    path = tmp_path / "labels.py"
    path.write_text(DISPATCH, encoding="utf-8")
    [finding] = DesignAnalyzer().run([SourceFile(path.as_posix(), "python")]).findings
    assert finding.code == "type-dispatch"
