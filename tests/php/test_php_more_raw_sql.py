"""Raw SQL built from request input through a variable, on the model's static `*Raw` calls
too; numbers read from the request, allow-listed values, `match` arms and bindings are not
SQL injection."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.analyzers.php import PhpAnalyzer
from reviewer.catalog.rules import load_catalog
from reviewer.config.options import ReviewConfig
from reviewer.model import Voice
from reviewer.pipeline.run import run_review
from reviewer.render.comments import make_renderer
from tests.helpers import write
from tests.php.helpers import Analyze, of, php

CODE = "raw-sql"
PATH = "app/Http/Controllers/OrderSearchController.php"


def controller(body: str) -> str:
    return php(
        f"""
use App\\Models\\Order;
use Illuminate\\Http\\Request;
use Illuminate\\Support\\Collection;
use Illuminate\\Support\\Facades\\DB;

final class OrderSearchController extends Controller
{{
    public function index(Request $request): Collection|array
    {{
{body}
    }}
}}
""",
        "App\\Http\\Controllers",
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            """
        $sort = $request->query('sort');
        return Order::orderByRaw($sort . ' DESC')->get();
""",
            "`OrderSearchController::index` builds the SQL for `Order::orderByRaw` from `$sort`",
        ),
        (
            """
        $min = $_GET['min'];
        return Order::whereRaw("total > $min")->get();
""",
            "`OrderSearchController::index` builds the SQL for `Order::whereRaw` from `$min`",
        ),
        (
            """
        return Order::havingRaw('SUM(total) > ' . $request->min)->get();
""",
            "`OrderSearchController::index` builds the SQL for `Order::havingRaw` from "
            "`$request->min`",
        ),
        (
            """
        $status = request('status');
        $sql = "SELECT * FROM orders WHERE status = '" . $status . "'";
        return DB::select($sql);
""",
            "`OrderSearchController::index` builds the SQL for `DB::select` from `$status`",
        ),
        (
            """
        $filters = $request->only('status');
        $where = "status = '" . $filters['status'] . "'";
        return Order::whereRaw($where)->get();
""",
            "`OrderSearchController::index` builds the SQL for `Order::whereRaw` from "
            "`$filters['status']`",
        ),
        (
            """
        $column = $request->input('group');
        return Order::select(DB::raw("$column as bucket"))->get();
""",
            "`OrderSearchController::index` builds the SQL for `DB::raw` from `$column`",
        ),
    ],
)
def test_request_input_reaching_raw_sql_through_a_variable_is_reported(
    analyze: Analyze, body: str, message: str
) -> None:
    [found] = of(analyze(controller(body), PATH), CODE)
    assert found.message == message


@pytest.mark.parametrize(
    "body",
    [
        """
        $term = $request->input('q');
        return DB::select('SELECT * FROM orders WHERE notes LIKE ?', ['%' . $term . '%']);
""",
        """
        return Order::whereRaw('status = :status', ['status' => $request->status])->get();
""",
        """
        $id = (int) $request->input('id');
        return DB::select("SELECT * FROM orders WHERE id = $id");
""",
        """
        $limit = $request->integer('limit');
        return Order::selectRaw("id, total")->havingRaw("COUNT(*) > $limit")->get();
""",
        """
        $direction = $request->boolean('desc') ? 'DESC' : 'ASC';
        return Order::orderByRaw("total $direction")->get();
""",
        """
        $sort = in_array($request->sort, ['name', 'total'], true) ? $request->sort : 'name';
        return Order::orderByRaw("$sort DESC")->get();
""",
        """
        $sort = match ($request->sort) { 'total' => 'total', default => 'created_at' };
        return Order::orderByRaw("$sort DESC")->get();
""",
        """
        $sort = $request->query('sort', 'created_at');
        if (! in_array($sort, ['created_at', 'total'], true)) {
            abort(422);
        }
        return Order::orderByRaw("$sort DESC")->get();
""",
    ],
)
def test_bindings_numbers_and_allow_lists_are_not_reported(analyze: Analyze, body: str) -> None:
    assert of(analyze(controller(body), PATH), CODE) == []


def test_a_static_raw_call_gets_bindings_as_its_suggestion(tmp_path: Path) -> None:
    body = """
        $min = $request->input('min');
        return Order::whereRaw("total > $min")->get();
"""
    write(tmp_path, PATH, controller(body))
    config = ReviewConfig(paths=(str(tmp_path),), cache_dir=None)
    review = run_review(config, [PhpAnalyzer()], load_catalog(), make_renderer(Voice.PEER))

    [comment] = [c for c in review.comments if c.rule.id == "php-sql-injection"]
    assert comment.suggestion is not None
    assert comment.suggestion.after.strip() == 'return Order::whereRaw("total > ?", [$min])->get();'


def test_sql_a_migration_builds_from_its_own_rows_is_not_commented(tmp_path: Path) -> None:
    migration = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Support\\Facades\\DB;

return new class extends Migration
{
    public function up(): void
    {
        DB::table('albums')->chunkById(200, static function ($albums): void {
            $cases = '';
            foreach ($albums as $album) {
                $cases .= "WHEN $album->id THEN '$album->name' ";
            }
            DB::statement("UPDATE albums SET slug = CASE id $cases END");
        });
    }
};
"""
    write(tmp_path, "database/migrations/2025_01_01_000000_add_slugs.php", migration)
    config = ReviewConfig(paths=(str(tmp_path),), cache_dir=None)
    review = run_review(config, [PhpAnalyzer()], load_catalog(), make_renderer(Voice.PEER))

    assert [c for c in review.comments if c.rule.id == "php-sql-injection"] == []
