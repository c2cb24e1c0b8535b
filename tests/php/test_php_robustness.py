"""Files that do not parse, cannot be read, or are random bytes: errors, never exceptions."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewer.model import AnalysisError
from tests.helpers import SAMPLES
from tests.php.helpers import run_php

BROKEN = (
    "<?php\n\nclass OrderService\n{\n    public function place(array $data\n"
    "    {\n        eval($data['x']);\n    }\n}\n"
)
FINE = "<?php\n\nfunction run(string $cmd): void\n{\n    eval($cmd);\n}\n"
SERVICE = SAMPLES / "laravel_orders" / "app" / "Services" / "OrderService.php"


def test_file_that_does_not_parse_is_an_error_with_its_line(tmp_path: Path) -> None:
    broken = tmp_path / "Broken.php"
    broken.write_text(BROKEN, encoding="utf-8")

    result = run_php(broken)

    assert result.errors == (AnalysisError("php", "does not parse at line 5", str(broken)),)
    assert result.findings == ()


def test_other_files_are_still_analyzed(tmp_path: Path) -> None:
    broken, fine = tmp_path / "Broken.php", tmp_path / "fine.php"
    broken.write_text(BROKEN, encoding="utf-8")
    fine.write_text(FINE, encoding="utf-8")

    result = run_php(broken, fine)

    assert [e.path for e in result.errors] == [str(broken)]
    assert {f.code for f in result.findings} >= {"eval"}
    assert {f.location.path for f in result.findings} == {str(fine)}


def test_missing_token_is_reported_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "missing.php"
    path.write_text("<?php\n$a = 1;\n$b = [1, 2;\n$c = 3;\n", encoding="utf-8")

    (error,) = run_php(path).errors

    assert error.message == "does not parse at line 3"


def test_unreadable_file_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "gone.php"
    folder = tmp_path / "folder.php"
    folder.mkdir()

    result = run_php(missing, folder)

    assert [e.path for e in result.errors] == [str(missing), str(folder)]
    assert all(e.analyzer == "php" and e.message for e in result.errors)


def test_html_without_php_and_an_empty_file_have_no_findings(tmp_path: Path) -> None:
    html, empty = tmp_path / "page.php", tmp_path / "empty.php"
    html.write_text("<html><body><p>Menu</p></body></html>\n", encoding="utf-8")
    empty.write_bytes(b"")

    assert run_php(html, empty).findings == ()


def analyze_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.php"
        path.write_bytes(data)
        result = run_php(path)
    assert all(e.path == str(path) for e in result.errors)
    assert all(error.message.startswith("does not parse at line") for error in result.errors)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes_never_raise(data: bytes) -> None:
    analyze_bytes(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes_after_a_php_tag_never_raise(data: bytes) -> None:
    analyze_bytes(b"<?php\n" + data)


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=len(SERVICE.read_bytes())))
def test_truncated_sample_files_never_raise(cut: int) -> None:
    analyze_bytes(SERVICE.read_bytes()[:cut])


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="<?php${}()[];'\"`\\/*#=>-.:,\n abcDBselect", max_size=300))
def test_php_looking_noise_never_raises(text: str) -> None:
    analyze_bytes(text.encode("utf-8"))
