"""Correctness (transactions) and performance (N+1) detectors of the PHP analyzer."""

from __future__ import annotations

import pytest

from tests.php.helpers import Analyze, of, php


def in_class(body: str, cls: str = "OrderService", namespace: str = "App\\Services") -> str:
    return php(
        f"class {cls}\n{{\n    public function place(array $data): Order\n"
        f"    {{\n{body}\n    }}\n}}",
        namespace,
    )


# --- writes without a transaction -------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "places"),
    [
        (
            "$order = Order::create($data);\n$order->items()->createMany($data['items']);",
            "2 places",
        ),
        ("$order->save();\n$order->restaurant->increment('orders_count');", "2 places"),
        (
            "$order = Order::create($data);\nforeach ($data['items'] as $item) {\n"
            "    $order->items()->create($item);\n}",
            "2 places",
        ),
        ("foreach ($data['items'] as $item) {\n    OrderItem::create($item);\n}", "1 place"),
        (
            "DB::insert('INSERT INTO audit VALUES (?)', [1]);\n$this->orders->delete($order);",
            "2 places",
        ),
    ],
)
def test_several_writes_without_a_transaction_are_reported(
    analyze: Analyze, body: str, places: str
) -> None:
    found = of(analyze(in_class(body)), "missing-transaction")

    assert len(found) == 1
    assert found[0].message.startswith(f"`OrderService::place` writes in {places}")


@pytest.mark.parametrize(
    "body",
    [
        "return DB::transaction(function () use ($data): Order {\n"
        "    $order = Order::create($data);\n    $order->items()->createMany($data['items']);\n"
        "    return $order;\n});",
        "return $this->db->transaction(fn (): Order => $this->orders->add(Order::create($data)));",
        "DB::beginTransaction();\n$order->save();\n"
        "$order->items()->saveMany($items);\nDB::commit();",
        "$order->save();\nreturn $order;",
        "$this->cache->delete('orders');\n$order->save();",
        "$order = $this->factory->create($data);\n$this->orders->add($order);",
    ],
)
def test_one_write_or_a_transaction_is_fine(analyze: Analyze, body: str) -> None:
    assert of(analyze(in_class(body)), "missing-transaction") == []


def test_static_create_on_a_class_imported_from_outside_the_models_is_no_write(
    analyze: Analyze,
) -> None:
    body = "$finder = Finder::create();\n$other = Finder::create();"
    source = in_class(body).replace(
        "namespace App\\Services;",
        "namespace App\\Services;\n\nuse Symfony\\Component\\Finder\\Finder;",
    )

    assert "use Symfony" in source
    assert of(analyze(source), "missing-transaction") == []


def test_static_create_on_an_imported_model_is_a_write(analyze: Analyze) -> None:
    body = "Order::create($data);\nOrderItem::create($data);"
    source = in_class(body).replace(
        "namespace App\\Services;",
        "namespace App\\Services;\n\nuse App\\Models\\{Order, OrderItem};",
    )

    assert len(of(analyze(source), "missing-transaction")) == 1


def test_seeders_and_migrations_may_write_freely(analyze: Analyze) -> None:
    body = "Order::create($data);\nOrder::create($data);"
    seeder = in_class(body, "OrderSeeder", "Database\\Seeders")

    assert of(analyze(seeder, "database/seeders/OrderSeeder.php"), "missing-transaction") == []


# --- N+1 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        (
            "foreach ($data['ids'] as $id) {\n    $items[] = MenuItem::find($id);\n}",
            "MenuItem::find($id)",
        ),
        (
            "foreach ($orders as $order) {\n"
            "    $n = $order->items()->where('qty', '>', 1)->count();\n}",
            "$order->items()->where('qty', '>', 1)->count()",
        ),
        (
            "for ($i = 0; $i < 3; $i++) {\n"
            "    $rows = DB::table('orders')->where('id', $i)->get();\n}",
            "DB::table('orders')->where('id', $i)->get()",
        ),
        (
            "$names = array_map(\n"
            "    fn (int $id): string => Restaurant::findOrFail($id)->name,\n    $data['ids'],\n);",
            "Restaurant::findOrFail($id)",
        ),
        (
            "$totals = collect($data['ids'])->map(function (int $id) {\n"
            "    return $this->orderRepository->find($id);\n});",
            "$this->orderRepository->find($id)",
        ),
    ],
)
def test_query_inside_a_loop_is_reported_once(analyze: Analyze, body: str, shown: str) -> None:
    found = of(analyze(in_class(body)), "query-in-loop")

    assert len(found) == 1
    assert f"runs `{shown}` inside" in found[0].message


@pytest.mark.parametrize(
    "body",
    [
        "$items = MenuItem::whereIn('id', $data['ids'])->get()->keyBy('id');\n"
        "foreach ($data['ids'] as $id) {\n    $lines[] = $items[$id];\n}",
        "foreach ($data['items'] as $item) {\n    $total += $item['price'];\n}",
        "foreach ($orders as $order) {\n    $first = $order->items->first();\n}",
        "foreach (Order::with('items')->get() as $order) {\n    $n = count($order->items);\n}",
    ],
)
def test_queries_before_the_loop_are_fine(analyze: Analyze, body: str) -> None:
    assert of(analyze(in_class(body)), "query-in-loop") == []


@pytest.mark.parametrize(
    "body",
    [
        "foreach (Order::all() as $order) {\n    $names[] = $order->customer->name;\n}",
        "$orders = Order::where('status', 'paid')->get();\nforeach ($orders as $order) {\n"
        "    $names[] = $order->restaurant->name;\n}",
        "foreach (Order::latest()->get() as $key => $order) {\n"
        "    foreach ($order->items as $item) {\n        $n[] = $item;\n    }\n}",
    ],
)
def test_relation_read_per_row_without_eager_loading_is_reported(
    analyze: Analyze, body: str
) -> None:
    found = of(analyze(in_class(body)), "relation-in-loop")

    assert len(found) == 1 and "one query at a time" in found[0].message


@pytest.mark.parametrize(
    "body",
    [
        "foreach (Order::with('customer')->get() as $order) {\n"
        "    $names[] = $order->customer->name;\n}",
        "$orders = Order::where('status', 'paid')->get();\n$orders->load('restaurant');\n"
        "foreach ($orders as $order) {\n    $names[] = $order->restaurant->name;\n}",
        "foreach ($this->orders->paid() as $order) {\n    $names[] = $order->restaurant->name;\n}",
        "foreach (Order::all() as $order) {\n    $ids[] = $order->id;\n}",
    ],
)
def test_eager_loaded_or_unknown_sources_are_fine(analyze: Analyze, body: str) -> None:
    assert of(analyze(in_class(body)), "relation-in-loop") == []
