"""Suggested changes for the recall rules, built from the user's lines: the money column made
an exact decimal, an index's every-row query paginated; the file still parses after them and
no longer draws the rule."""

from __future__ import annotations

from pathlib import Path

from reviewer.analyzers.php import PhpAnalyzer
from reviewer.catalog.rules import load_catalog
from reviewer.config.options import ReviewConfig
from reviewer.languages.php.parser import first_error_line, parse
from reviewer.model import Comment, Review, Suggestion, Voice
from reviewer.pipeline.run import run_review
from reviewer.render.comments import make_renderer
from tests.helpers import write

MIGRATION = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up(): void
    {
        Schema::create('orders', function (Blueprint $table): void {
            $table->id();
            $table->float('total')->default(0);
            $table->timestamps();
        });
    }
};
"""
CONTROLLER = """<?php

declare(strict_types=1);

namespace App\\Http\\Controllers;

use App\\Http\\Resources\\OrderResource;
use App\\Http\\Resources\\TagResource;
use App\\Models\\Order;
use App\\Models\\Tag;
use Illuminate\\Http\\Resources\\Json\\AnonymousResourceCollection;

final class OrderController extends Controller
{
    public function index(): AnonymousResourceCollection
    {
        return OrderResource::collection(
            Order::query()
                ->with('items')
                ->latest()
                ->get()
        );
    }
}

final class TagController extends Controller
{
    public function index(): AnonymousResourceCollection
    {
        return TagResource::collection(Tag::all());
    }
}
"""


def reviewed(folder: Path) -> Review:
    config = ReviewConfig(paths=(str(folder),), cache_dir=None)
    return run_review(config, [PhpAnalyzer()], load_catalog(), make_renderer(Voice.PEER))


def applied(text: str, change: Suggestion) -> str:
    lines = text.split("\n")
    return "\n".join([*lines[: change.line - 1], change.after, *lines[change.end_line :]])


def comment(review: Review, rule_id: str) -> Comment:
    [found] = [c for c in review.comments if c.rule.id == rule_id]
    return found


def fixed(tmp_path: Path, rule_id: str) -> tuple[Suggestion, Path]:
    change = comment(reviewed(tmp_path), rule_id).suggestion
    assert change is not None and change.source == "review" and change.note
    path = Path(change.path)
    text = applied(path.read_text(encoding="utf-8"), change)
    assert first_error_line(parse(text.encode())) is None
    path.write_text(text, encoding="utf-8")
    return change, path


def test_a_float_money_column_becomes_an_exact_decimal(tmp_path: Path) -> None:
    write(tmp_path, "database/migrations/2024_01_01_000000_create_orders_table.php", MIGRATION)

    change, _ = fixed(tmp_path, "php-money-column")

    assert change.after.strip() == "$table->decimal('total', 10, 2)->default(0);"
    assert "php-money-column" not in {c.rule.id for c in reviewed(tmp_path).comments}


def test_every_row_of_an_index_becomes_a_page(tmp_path: Path) -> None:
    write(tmp_path, "app/Http/Controllers/OrderController.php", CONTROLLER)

    first, path = fixed(tmp_path, "php-unpaginated-index")
    second, _ = fixed(tmp_path, "php-unpaginated-index")
    text = path.read_text(encoding="utf-8")

    assert "->latest()\n                ->paginate()" in text
    assert "TagResource::collection(Tag::paginate())" in text
    assert first.line != second.line
    assert "php-unpaginated-index" not in {c.rule.id for c in reviewed(tmp_path).comments}
