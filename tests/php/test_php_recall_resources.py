"""API shape: Resources that return every column, and models returned without a Resource."""

from __future__ import annotations

import pytest

from tests.php.helpers import Analyze, of, php

RESOURCE = "app/Http/Resources/OrderResource.php"
CONTROLLER = "app/Http/Controllers/OrderController.php"


def resource(body: str, base: str = "JsonResource") -> str:
    return php(
        f"""
use Illuminate\\Http\\Request;
use Illuminate\\Http\\Resources\\Json\\JsonResource;
use Illuminate\\Http\\Resources\\Json\\ResourceCollection;

final class OrderResource extends {base}
{{
    public function toArray(Request $request): array
    {{
        {body}
    }}
}}
""",
        "App\\Http\\Resources",
    )


def action(body: str, signature: str = "public function show(int $id): mixed") -> str:
    return php(
        f"""
use App\\Http\\Resources\\OrderResource;
use App\\Models\\Order;
use Illuminate\\Support\\Facades\\Cache;

final class OrderController extends Controller
{{
    {signature}
    {{
        {body}
    }}
}}
""",
        "App\\Http\\Controllers",
    )


@pytest.mark.parametrize(
    "body",
    [
        "return parent::toArray($request);",
        "return array_merge(parent::toArray($request), ['links' => []]);",
    ],
)
def test_resource_returning_parent_to_array_exposes_every_column(
    analyze: Analyze, body: str
) -> None:
    [found] = of(analyze(resource(body), RESOURCE), "resource-exposes-all")

    assert found.message.startswith("`OrderResource::toArray` returns `parent::toArray($request)`")


@pytest.mark.parametrize(
    ("body", "base"),
    [
        ("return ['id' => $this->id, 'status' => $this->status];", "JsonResource"),
        ("return parent::toArray($request);", "ResourceCollection"),
    ],
)
def test_named_fields_and_collections_are_not_reported(
    analyze: Analyze, body: str, base: str
) -> None:
    assert of(analyze(resource(body, base), RESOURCE), "resource-exposes-all") == []


@pytest.mark.parametrize(
    ("body", "signature", "shown"),
    [
        ("return Order::findOrFail($id);", None, "`Order::findOrFail($id)`"),
        (
            "$order = Order::with('items')->findOrFail($id);\n        "
            "return response()->json($order);",
            None,
            "`$order`",
        ),
        (
            "return response()->json($order, 201);",
            "public function update(Order $order): JsonResponse",
            "`$order`",
        ),
        ("return Order::where('status', 'open')->get();", None, "`Order::where"),
    ],
)
def test_model_returned_as_it_is_is_reported(
    analyze: Analyze, body: str, signature: str | None, shown: str
) -> None:
    source = action(body, signature) if signature else action(body)
    [found] = of(analyze(source, CONTROLLER), "model-without-resource")

    assert "returns the `Order` model " + shown in found.message
    assert "with no API Resource" in found.message


@pytest.mark.parametrize(
    ("body", "signature"),
    [
        ("return OrderResource::make(Order::findOrFail($id));", None),
        ("return response()->json(['id' => Order::findOrFail($id)->id]);", None),
        (
            "$order = Order::findOrFail($id);\n        $order->makeVisible('notes');\n"
            "        return response()->json($order);",
            None,
        ),
        (
            "$top = Cache::remember('top', 60, function () {\n"
            "            return Order::latest()->take(5)->get();\n        });\n"
            "        return view('orders.top', ['top' => $top]);",
            None,
        ),
        ("return $order;", "private function shape(Order $order): Order"),
        ("return redirect()->route('orders.show', $order);", "public function go(Order $order)"),
    ],
)
def test_resources_shaped_models_and_helpers_are_not_reported(
    analyze: Analyze, body: str, signature: str | None
) -> None:
    source = action(body, signature) if signature else action(body)

    assert of(analyze(source, CONTROLLER), "model-without-resource") == []
