"""symbol_at on PHP: the class, method or function around a line, from tree-sitter."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.languages.facts import enclosing, symbol_at
from reviewer.languages.php.outline import outline_on_disk

SOURCE = """<?php
namespace App\\Services;

function helper(): int
{
    return 1;
}

final class OrderService
{
    private int $count = 0;

    public function place(): void
    {
        $f = function (): int {
            return 2;
        };
    }
}

interface Clock
{
    public function now(): \\DateTimeImmutable;
}

enum Status: string
{
    case Paid = 'paid';

    public function label(): string
    {
        return 'Paid';
    }
}

return new class {
    public function up(): void
    {
    }
};
"""


@pytest.fixture(scope="module")
def path(tmp_path_factory: pytest.TempPathFactory) -> str:
    file = tmp_path_factory.mktemp("symbols") / "OrderService.php"
    file.write_text(SOURCE, encoding="utf-8")
    return str(file)


@pytest.mark.parametrize(
    ("line", "symbol"),
    [
        (1, ""),
        (6, "helper"),
        (9, "OrderService"),
        (11, "OrderService"),
        (13, "OrderService::place"),
        (16, "OrderService::place"),
        (23, "Clock::now"),
        (28, "Status"),
        (32, "Status::label"),
        (38, "up"),
        (41, ""),
    ],
)
def test_symbol_at_names_the_innermost_declaration(path: str, line: int, symbol: str) -> None:
    assert symbol_at(path, line) == symbol


def test_missing_or_broken_files_have_no_symbol(tmp_path: Path) -> None:
    broken = tmp_path / "broken.php"
    broken.write_text("<?php\nclass A {\n    public function f( {\n", encoding="utf-8")

    assert symbol_at(str(tmp_path / "gone.php"), 3) == ""
    assert symbol_at(str(broken), 3) in ("", "A", "A::f")


def test_spans_give_each_declaration_its_header_line(path: str) -> None:
    place = next(s for s in outline_on_disk(path).spans if s.name == "OrderService::place")

    assert (place.first, place.header, place.last) == (13, 13, 18)
    assert [s.name for s in enclosing(path, 16)] == ["OrderService", "OrderService::place"]


def test_an_edited_file_is_read_again(tmp_path: Path) -> None:
    file = tmp_path / "Edited.php"
    file.write_text("<?php\nfunction first(): void\n{\n}\n", encoding="utf-8")
    assert symbol_at(str(file), 3) == "first"

    file.write_text("<?php\nfunction second(): void\n{\n    return;\n}\n", encoding="utf-8")

    assert symbol_at(str(file), 3) == "second"
