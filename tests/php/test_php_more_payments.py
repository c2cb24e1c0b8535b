"""Amounts to pay taken from the client: written to an order's total or passed to a charge (an
issue), handed to other order code (a question); totals computed from stored prices, prices
an administrator sets on the menu, and tips are not reported."""

from __future__ import annotations

import pytest

from tests.php.helpers import Analyze, of, php

PATH = "app/Http/Controllers/OrderController.php"


def controller(body: str) -> str:
    return php(
        f"""
use App\\Models\\MenuItem;
use App\\Models\\Order;
use App\\Services\\OrderService;
use App\\Services\\PaymentGateway;
use Illuminate\\Http\\JsonResponse;
use Illuminate\\Http\\Request;

final class OrderController extends Controller
{{
    public function __construct(
        private readonly PaymentGateway $gateway,
        private readonly OrderService $orderService,
    ) {{
    }}

    public function store(Request $request): JsonResponse
    {{
{body}
        return response()->json([], 201);
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
        $order = Order::create([
            'customer_id' => $request->user()->id,
            'total' => $request->input('total'),
        ]);
""",
            "`OrderController::store` writes `$request->input('total')`, an amount the client "
            "sent, into `total` through `Order::create`: the client decides what the order costs",
        ),
        (
            """
        $total = (float) $request->total;
        $order = $request->user()->orders()->create(['total' => $total]);
""",
            "`OrderController::store` writes `$total` (`$request->total`), an amount the client "
            "sent, into `total` through `$request->user()->orders()->create`: the client "
            "decides what the order costs",
        ),
        (
            """
        $data = $request->validate(['items' => 'required|array', 'total' => 'required|numeric']);
        Order::create($data);
""",
            "`OrderController::store` writes `$data` (its `total`, from `$request->validate()`), "
            "an amount the client sent, into `total` through `Order::create`: the client "
            "decides what the order costs",
        ),
        (
            """
        $this->gateway->charge($request->user(), $request->input('amount'));
""",
            "`OrderController::store` passes `$request->input('amount')`, an amount the client "
            "sent, to `$this->gateway->charge`: the client decides what it is charged",
        ),
        (
            """
        $order = Order::findOrFail($request->integer('order_id'));
        $order->total = $request->validated()['total'];
        $order->save();
""",
            "`OrderController::store` sets `$order->total` to `$request->validated()['total']`, "
            "an amount the client sent: the client decides what the order costs",
        ),
    ],
)
def test_client_amounts_reaching_an_order_total_or_a_charge_are_issues(
    analyze: Analyze, body: str, message: str
) -> None:
    [found] = of(analyze(controller(body), PATH), "client-amount")
    assert found.message == message


def test_a_client_amount_handed_to_order_code_is_a_question(analyze: Analyze) -> None:
    body = """
        $this->orderService->place($request->user(), $request->input('items'), $request->total);
"""
    result = analyze(controller(body), PATH)

    assert of(result, "client-amount") == []
    [found] = of(result, "client-amount-unchecked")
    assert found.message == (
        "`OrderController::store` hands `$request->total`, an amount the client sent, to "
        "`$this->orderService->place`"
    )


@pytest.mark.parametrize(
    "body",
    [
        # The total is computed on the server from the stored prices.
        """
        $total = collect($request->input('items'))
            ->sum(fn (array $line) => MenuItem::findOrFail($line['id'])->price * $line['quantity']);
        $order = Order::create(['customer_id' => $request->user()->id, 'total' => $total]);
        $this->gateway->charge($request->user(), $order->total);
""",
        # A manager sets the menu's prices: the request is where prices come from.
        """
        MenuItem::create(['name' => $request->input('name'), 'price' => $request->input('price')]);
""",
        # A tip is the customer's to choose.
        """
        Order::create(['customer_id' => $request->user()->id, 'tip' => $request->input('tip')]);
""",
        # Orders filtered by an amount: a read.
        """
        $orders = Order::query()->get();
        $large = $orders->where('total', '>=', $request->total)->sortBy('total');
""",
        # The client's total is only compared with the server's.
        """
        $total = $this->orderService->totalFor($request->input('items'));
        if ((float) $request->input('total') !== $total) {
            abort(422, 'The basket changed.');
        }
        Order::create(['total' => $total]);
""",
    ],
)
def test_server_side_totals_menu_prices_and_tips_are_not_reported(
    analyze: Analyze, body: str
) -> None:
    result = analyze(controller(body), PATH)
    assert of(result, "client-amount") == of(result, "client-amount-unchecked") == []


def test_seeders_are_not_reported(analyze: Analyze) -> None:
    source = php(
        """
final class OrderSeeder extends Seeder
{
    public function run(): void
    {
        Order::create(['total' => request('total')]);
    }
}
""",
        "Database\\Seeders",
    )
    assert of(analyze(source, "database/seeders/OrderSeeder.php"), "client-amount") == []
