"""Pagination: `index` actions that hand out every row of a table."""

from __future__ import annotations

import pytest

from tests.php.helpers import Analyze, of, php

CONTROLLER = "app/Http/Controllers/OrderController.php"


def index(body: str, name: str = "index") -> str:
    return php(
        f"""
use App\\Http\\Resources\\OrderResource;
use App\\Models\\Order;
use App\\Models\\Tag;
use Illuminate\\Http\\Request;

final class OrderController extends Controller
{{
    public function {name}(Request $request): mixed
    {{
        {body}
    }}
}}
""",
        "App\\Http\\Controllers",
    )


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        ("return Order::all();", "every `Order` row (`Order::all()`)"),
        (
            "return OrderResource::collection(Order::with('items')->latest()->get());",
            "every `Order` row (`Order::with('items')->latest()->get()`)",
        ),
        (
            "$orders = Order::where('customer_id', $request->user()->id)->get();\n"
            "        return response()->json($orders);",
            "every `Order` row it matches",
        ),
        (
            "$orders = Order::query()->orderBy('id')->get();\n"
            "        return view('orders.index', compact('orders'));",
            "every `Order` row",
        ),
        (
            "$orders = Order::latest()->get();\n        $rows = [];\n"
            "        foreach ($orders as $order) {\n"
            "            $rows[] = ['id' => $order->id];\n        }\n"
            "        return response()->json($rows);",
            "every `Order` row",
        ),
    ],
)
def test_index_returning_every_row_is_reported(analyze: Analyze, body: str, shown: str) -> None:
    [found] = of(analyze(index(body), CONTROLLER), "unpaginated-index")

    assert found.message.startswith("`OrderController::index` returns ")
    assert shown in found.message


@pytest.mark.parametrize(
    "body",
    [
        "return OrderResource::collection(Order::latest()->paginate(20));",
        "return Order::query()->simplePaginate(20);",
        "return Order::latest()->take(10)->get();",
        "return Order::latest()->limit(10)->get();",
        "return response()->json(['count' => Order::count()]);",
        "return OrderResource::collection($request->user()->orders()->get());",
        # The page's list is paginated: a sidebar's tags are not the point.
        "return view('orders.index', ['orders' => Order::paginate(20), "
        "'tags' => Tag::orderBy('name')->get()]);",
        # Read but not handed out.
        "$all = Order::all();\n        return response()->json(['total' => $all->sum('total')]);",
    ],
)
def test_bounded_or_paginated_lists_are_not_reported(analyze: Analyze, body: str) -> None:
    assert of(analyze(index(body), CONTROLLER), "unpaginated-index") == []


def test_only_index_actions_of_controllers(analyze: Analyze) -> None:
    other_action = analyze(index("return Order::all();", name="export"), CONTROLLER)
    lister = index("return Order::all();").replace("OrderController extends Controller", "Lister")
    service = analyze(lister, "app/Services/Lister.php")

    assert of(other_action, "unpaginated-index") == []
    assert of(service, "unpaginated-index") == []
