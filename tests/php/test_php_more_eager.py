"""N+1 across files: a controller hands a query's rows to a Resource collection or a Blade view
that reads a relation of every row, and the query does not eager-load it. The Resource, the
model and the view are found through composer.json; without them nothing is guessed."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.model import AnalyzerResult, Finding
from tests.php.helpers import php, run_php

COMPOSER = '{"autoload": {"psr-4": {"App\\\\": "app/"}}}'
MODEL = r"""<?php

namespace App\Models;

use Illuminate\Database\Eloquent\Model;
use Illuminate\Database\Eloquent\Relations\BelongsTo;
use Illuminate\Database\Eloquent\Relations\HasMany;

class Order extends Model
{
    protected $casts = ['placed_at' => 'datetime'];

    public function restaurant(): BelongsTo
    {
        return $this->belongsTo(Restaurant::class);
    }

    public function items()
    {
        return $this->hasMany(OrderItem::class);
    }

    public function customer()
    {
        return $this->belongsTo(User::class, 'customer_id');
    }
}
"""
RESOURCE = r"""<?php

namespace App\Http\Resources;

use Illuminate\Http\Request;
use Illuminate\Http\Resources\Json\JsonResource;

class OrderResource extends JsonResource
{
    public function toArray(Request $request): array
    {
        return [
            'id' => $this->id,
            'restaurant' => $this->restaurant->name,
            'items' => $this->items->count(),
            'placed_at' => $this->placed_at->toIso8601String(),
            'customer' => new UserResource($this->whenLoaded('customer')),
        ];
    }
}
"""
VIEW = """<ul>
@foreach ($orders as $order)
    <li>{{ $order->restaurant->name }} {{ $order->placed_at->diffForHumans() }}</li>
    @foreach ($order->items as $item)
        {{ $item->name }}
    @endforeach
@endforeach
</ul>
"""
CONTROLLER = "app/Http/Controllers/OrderController.php"


def controller(body: str) -> str:
    return php(
        f"""
use App\\Http\\Resources\\OrderResource;
use App\\Models\\Order;
use App\\Models\\Restaurant;

final class OrderController extends Controller
{{
{body}
}}
""",
        "App\\Http\\Controllers",
    )


def project(
    tmp_path: Path, body: str, *, composer: bool = True, model: str = MODEL
) -> AnalyzerResult:
    files = {
        "app/Models/Order.php": model,
        "app/Http/Resources/OrderResource.php": RESOURCE,
        "resources/views/orders/index.blade.php": VIEW,
        CONTROLLER: controller(body),
    }
    if composer:
        files["composer.json"] = COMPOSER
    for name, source in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    result = run_php(tmp_path / CONTROLLER)
    assert result.errors == ()
    return result


def relations(result: AnalyzerResult) -> list[Finding]:
    codes = {"resource-relation", "resource-relation-unseen", "view-relation"}
    return [f for f in result.findings if f.code in codes]


def test_a_resource_reading_relations_of_an_unloaded_query_is_reported(tmp_path: Path) -> None:
    body = """
    public function index(): mixed
    {
        return OrderResource::collection(Order::latest()->paginate());
    }
"""
    [found] = relations(project(tmp_path, body))

    assert found.code == "resource-relation"
    assert found.message == (
        "`OrderController::index` hands `Order::latest()->paginate()` to "
        "`OrderResource::collection`, whose `toArray` reads `$this->restaurant->name` (line 14) "
        "for every row: one query per row for `restaurant`, `items`, with no `with()` or "
        "`load()` of them"
    )


def test_only_the_relations_the_query_leaves_out_are_named(tmp_path: Path) -> None:
    body = """
    public function index(): mixed
    {
        $orders = Order::with('items')->get();
        return OrderResource::collection($orders);
    }
"""
    [found] = relations(project(tmp_path, body))
    assert "hands `$orders` (`Order::with('items')->get()`)" in found.message
    assert found.message.endswith(
        "one query per row for `restaurant`, with no `with()` or `load()` of it"
    )


@pytest.mark.parametrize(
    "body",
    [
        """
    public function index(): mixed
    {
        return OrderResource::collection(Order::with(['restaurant', 'items'])->latest()->get());
    }
""",
        """
    public function index(): mixed
    {
        $orders = Order::query()->get();
        $orders->load('restaurant', 'items:id,order_id');
        return OrderResource::collection($orders);
    }
""",
        # Rows from a repository: the query is not here, and the tool does not guess.
        """
    public function index(): mixed
    {
        return OrderResource::collection($this->orders->all());
    }
""",
    ],
)
def test_eager_loaded_or_unseen_queries_are_not_reported(tmp_path: Path, body: str) -> None:
    assert relations(project(tmp_path, body)) == []


def test_relations_the_model_always_loads_are_not_reported(tmp_path: Path) -> None:
    body = """
    public function index(): mixed
    {
        return OrderResource::collection(Order::all());
    }
"""
    model = MODEL.replace(
        "protected $casts", "protected $with = ['restaurant', 'items'];\n\n    protected $casts"
    )
    assert relations(project(tmp_path, body, model=model)) == []


def test_rows_of_a_relation_property_are_a_question(tmp_path: Path) -> None:
    body = """
    public function index(Restaurant $restaurant): mixed
    {
        return OrderResource::collection($restaurant->orders);
    }
"""
    [found] = relations(project(tmp_path, body))
    assert found.code == "resource-relation-unseen"
    assert (
        "whether `$restaurant->orders` arrives with `restaurant`, `items` loaded" in found.message
    )


def test_without_composer_json_nothing_is_guessed(tmp_path: Path) -> None:
    body = """
    public function index(): mixed
    {
        return OrderResource::collection(Order::all());
    }
"""
    assert relations(project(tmp_path, body, composer=False)) == []


def test_a_view_looping_over_unloaded_rows_is_reported(tmp_path: Path) -> None:
    body = """
    public function index(): mixed
    {
        $orders = Order::latest()->get();
        return view('orders.index', compact('orders'));
    }
"""
    [found] = relations(project(tmp_path, body))
    assert found.code == "view-relation"
    assert found.message == (
        "`OrderController::index` passes `$orders` to the view `orders.index`, whose `@foreach` "
        "over it reads `$order->restaurant->name` (line 3) for every row: one query per row for "
        "`restaurant`, `items`, with no `with()` or `load()` of them"
    )


def test_a_view_of_eager_loaded_rows_is_not_reported(tmp_path: Path) -> None:
    body = """
    public function index(): mixed
    {
        $orders = Order::with(['restaurant', 'items'])->get();
        return view('orders.index', ['orders' => $orders]);
    }
"""
    assert relations(project(tmp_path, body)) == []


def test_a_view_the_tool_cannot_find_is_not_guessed(tmp_path: Path) -> None:
    body = """
    public function index(): mixed
    {
        $orders = Order::latest()->get();
        return view('orders.list', compact('orders'));
    }
"""
    assert relations(project(tmp_path, body)) == []


def test_a_resource_made_for_one_row_is_not_n_plus_one(tmp_path: Path) -> None:
    body = """
    public function show(int $id): mixed
    {
        return OrderResource::make(Order::findOrFail($id));
    }
"""
    assert relations(project(tmp_path, body)) == []
