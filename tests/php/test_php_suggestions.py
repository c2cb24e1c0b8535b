"""Suggested changes for PHP, built from the user's own lines: reviewed for real (tree-sitter),
then applied to the file, which must still parse and no longer draw the rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.analyzers.php import PhpAnalyzer
from reviewer.catalog.rules import load_catalog
from reviewer.config.options import ReviewConfig
from reviewer.languages.php.parser import first_error_line, parse
from reviewer.model import Comment, Review, Suggestion, Voice
from reviewer.pipeline.run import run_review
from reviewer.render.comments import make_renderer
from tests.helpers import write

CONTROLLER = """<?php

declare(strict_types=1);

namespace App\\Http\\Controllers;

use App\\Http\\Requests\\StoreOrderRequest;
use App\\Models\\Order;
use Illuminate\\Http\\Request;
use Illuminate\\Support\\Facades\\DB;

class OrderController extends Controller
{
    public function store(StoreOrderRequest $request)
    {
        $order = Order::create($request->all());
        return response()->json($order, 201);
    }

    public function search(Request $request, string $name)
    {
        return DB::select("SELECT * FROM orders WHERE customer = '$name' AND status = {$request->status}");
    }

    public function token(): string
    {
        return md5(uniqid());
    }

    public function register(Request $request)
    {
        $hash = md5($request->input('password'));
        dd($hash);
        return $hash;
    }
}
"""

MODEL = """<?php

namespace App\\Models;

use Illuminate\\Database\\Eloquent\\Model;

class Order extends Model
{
    protected $guarded = [];
}
"""


def reviewed(folder: Path) -> Review:
    config = ReviewConfig(paths=(str(folder),), cache_dir=None)
    return run_review(config, [PhpAnalyzer()], load_catalog(), make_renderer(Voice.PEER))


def applied(text: str, change: Suggestion) -> str:
    lines = text.split("\n")
    return "\n".join([*lines[: change.line - 1], change.after, *lines[change.end_line :]])


@pytest.fixture
def review(tmp_path: Path) -> Review:
    write(tmp_path, "app/Http/Controllers/OrderController.php", CONTROLLER)
    write(tmp_path, "app/Models/Order.php", MODEL)
    return reviewed(tmp_path)


def comment(review: Review, rule_id: str) -> Comment:
    [found] = [c for c in review.comments if c.rule.id == rule_id]
    return found


@pytest.mark.parametrize(
    ("rule_id", "expected"),
    [
        ("php-mass-assignment", "Order::create($request->validated());"),
        ("php-sql-injection", '"SELECT * FROM orders WHERE customer = ? AND status = ?",'),
        ("php-sql-injection", "[$name, $request->status])"),
        ("php-weak-password-hash", "password_hash($request->input('password'), PASSWORD_DEFAULT)"),
        ("php-missing-strict-types", "declare(strict_types=1);"),
    ],
)
def test_a_suggestion_is_the_users_line_rewritten_and_the_file_still_parses(
    review: Review, rule_id: str, expected: str
) -> None:
    found = comment(review, rule_id)
    change = found.suggestion
    assert change is not None and change.source == "review" and change.note
    assert expected in change.after
    text = Path(change.path).read_text(encoding="utf-8")
    assert change.before == "\n".join(text.split("\n")[change.line - 1 : change.end_line])
    assert first_error_line(parse(applied(text, change).encode())) is None


def test_the_fixed_file_no_longer_draws_the_rule(review: Review, tmp_path: Path) -> None:
    change = comment(review, "php-sql-injection").suggestion
    assert change is not None
    path = Path(change.path)
    path.write_text(applied(path.read_text(encoding="utf-8"), change), encoding="utf-8")
    assert "php-sql-injection" not in {c.rule.id for c in reviewed(tmp_path).comments}


def test_code_of_another_shape_gets_no_suggestion_rather_than_a_wrong_one(tmp_path: Path) -> None:
    odd = CONTROLLER.replace("Order::create($request->all())", "Order::create($payload)").replace(
        "\"SELECT * FROM orders WHERE customer = '$name' AND status = {$request->status}\"",
        "'SELECT * FROM orders WHERE customer = ' . $name",
    )
    write(tmp_path, "app/Http/Controllers/OrderController.php", odd)
    write(tmp_path, "app/Models/Order.php", MODEL)
    for found in reviewed(tmp_path).comments:
        if found.rule.id == "php-sql-injection":
            assert found.suggestion is None


def test_a_plain_request_gets_no_validated_call_it_does_not_have(tmp_path: Path) -> None:
    # `validated()` is a Form Request's; a plain Request's `validate([...])` returns the fields
    plain = CONTROLLER.replace("store(StoreOrderRequest $request)", "store(Request $request)")
    write(tmp_path, "app/Http/Controllers/OrderController.php", plain)
    write(tmp_path, "app/Models/Order.php", MODEL)
    assert comment(reviewed(tmp_path), "php-mass-assignment").suggestion is None
