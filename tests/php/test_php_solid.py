"""SOLID detectors of the PHP analyzer, on real snippets."""

from __future__ import annotations

import pytest

from tests.php.helpers import Analyze, of, php

CONTROLLER = "app/Http/Controllers/OrderController.php"


def controller(body: str) -> str:
    return php(
        "class OrderController extends Controller\n{\n"
        "    public function index(Request $request): JsonResponse\n    {\n"
        f"{body}\n    }}\n}}",
        "App\\Http\\Controllers",
    )


# --- SRP: controllers -------------------------------------------------------------------------


# Which queries are worth a comment: tests/php/test_php_precision_idioms.py.


@pytest.mark.parametrize(
    "statement",
    [
        "return OrderResource::collection($this->orders->forCustomer($request->user()->id));",
        "return response()->json(OrderStatus::cases());",
        "Log::info('listing orders');",
        "$name = Str::slug($request->input('name'));",
    ],
)
def test_controller_delegating_is_not_a_query(analyze: Analyze, statement: str) -> None:
    assert of(analyze(controller(statement), CONTROLLER), "controller-query") == []


def test_queries_outside_controllers_are_not_controller_queries(analyze: Analyze) -> None:
    source = php(
        "class EloquentOrderRepository\n{\n    public function all(): Collection\n    {\n"
        "        return Order::all();\n    }\n}",
        "App\\Repositories",
    )

    assert (
        of(analyze(source, "app/Repositories/EloquentOrderRepository.php"), "controller-query")
        == []
    )


def test_controller_with_a_loop_holds_logic(analyze: Analyze) -> None:
    body = (
        "$total = 0;\nforeach ($request->input('items') as $item) {\n"
        "    $total += $item['price'];\n}"
    )

    found = of(analyze(controller(body), CONTROLLER), "controller-logic")

    assert [f.message for f in found] == ["`OrderController::index` holds business logic: 1 loop"]


def test_controller_with_three_decisions_holds_logic(analyze: Analyze) -> None:
    body = (
        "$fee = $request->boolean('express') ? 5 : 2;\n"
        "if ($request->input('total') > 100 && $request->has('coupon')) {\n    $fee = 0;\n}"
    )

    found = of(analyze(controller(body), CONTROLLER), "controller-logic")

    assert len(found) == 1 and "3 decisions" in found[0].message


def test_thin_controller_with_one_guard_holds_no_logic(analyze: Analyze) -> None:
    body = (
        "abort_if($request->user() === null, 401);\n"
        "return OrderResource::collection($this->orders->forCustomer($request->user()->id));"
    )

    assert of(analyze(controller(body), CONTROLLER), "controller-logic") == []


# --- OCP: dispatch on strings -----------------------------------------------------------------


def service(
    body: str,
    cls: str = "OrderService",
    signature: str = "public function handle(Order $order): void",
) -> str:
    return php(f"class {cls}\n{{\n    {signature}\n    {{\n{body}\n    }}\n}}")


SWITCH = """switch ($order->status) {
    case 'pending': $this->confirm($order); break;
    case 'confirmed': $this->prepare($order); break;
    case 'preparing': $this->deliver($order); break;
}"""
MATCH = """$fee = match ($deliveryType) {
    'bike' => 2,
    'car' => 5,
    'drone' => 9,
};"""
IF_CHAIN = """if ($order->type === 'pickup') {
    $this->pickup($order);
} elseif ($order->type === 'delivery') {
    $this->deliver($order);
} else if ($order->type === 'dine-in') {
    $this->seat($order);
}"""


@pytest.mark.parametrize(
    ("body", "subject"),
    [(SWITCH, "$order->status"), (MATCH, "$deliveryType"), (IF_CHAIN, "$order->type")],
)
def test_three_string_cases_on_a_status_or_type_are_reported(
    analyze: Analyze, body: str, subject: str
) -> None:
    found = of(analyze(service(body)), "type-switch")

    assert len(found) == 1
    assert f"branches on `{subject}` over 3 strings" in found[0].message


def test_two_cases_or_an_unrelated_subject_are_not_reported(analyze: Analyze) -> None:
    two = SWITCH.replace("    case 'preparing': $this->deliver($order); break;\n", "")
    unrelated = MATCH.replace("$deliveryType", "$size")

    assert of(analyze(service(two)), "type-switch") == []
    assert of(analyze(service(unrelated)), "type-switch") == []


def test_match_over_enum_cases_inside_the_enum_is_fine(analyze: Analyze) -> None:
    source = php(
        "enum OrderStatus: string\n{\n    case Pending = 'pending';\n    case Paid = 'paid';\n"
        "    case Sent = 'sent';\n\n    public function label(): string\n    {\n"
        "        return match ($this->value) {\n            'pending' => 'Waiting',\n"
        "            'paid' => 'Paid',\n            'sent' => 'On its way',\n        };\n    }\n}",
        "App\\Enums",
    )

    assert of(analyze(source, "app/Enums/OrderStatus.php"), "type-switch") == []


@pytest.mark.parametrize(
    ("cls", "signature", "path"),
    [
        (
            "PaymentGatewayFactory",
            "public function handle(Order $order): void",
            "app/Services/PaymentGatewayFactory.php",
        ),
        (
            "Gateways",
            "public static function make(Order $order): void",
            "app/Services/Gateways.php",
        ),
        (
            "StatusStrategyResolver",
            "public function handle(Order $order): void",
            "app/Services/StatusStrategyResolver.php",
        ),
        (
            "PendingStrategy",
            "public function handle(Order $order): void",
            "app/Strategies/PendingStrategy.php",
        ),
        (
            "AppServiceProvider",
            "public function handle(Order $order): void",
            "app/Providers/AppServiceProvider.php",
        ),
    ],
)
def test_factories_strategies_and_providers_may_choose_by_type(
    analyze: Analyze, cls: str, signature: str, path: str
) -> None:
    assert of(analyze(service(SWITCH, cls, signature), path), "type-switch") == []


def test_match_that_maps_types_to_classes_is_a_factory_map(analyze: Analyze) -> None:
    body = """$strategy = match ($order->status) {
    'pending' => new PendingStrategy(),
    'paid' => new PaidStrategy(),
    'sent' => SentStrategy::class,
    default => app(NullStrategy::class),
};"""

    assert of(analyze(service(body)), "type-switch") == []


@pytest.mark.parametrize(
    "body",
    [
        "$queries = match ($type) {\n    'page' => $this->pages,\n    'chapter' => $this->chapters,"
        "\n    'book' => $this->books,\n    default => null,\n};",
        "return match ($request->type) {\n    'newest' => $this->albums->recent(),\n"
        "    'frequent' => $this->albums->mostPlayed(),\n    'random' => $this->albums->random(),"
        "\n    default => throw new InvalidArgumentException(),\n};",
        "$label = match ($role) {\n    '1' => 'User',\n    '2' => 'Moderator',\n"
        "    '3' => 'Admin',\n};",
        "match ($result->status) {\n    'synced' => $this->info('Synced'),\n"
        "    'skipped' => $this->warn('Skipped'),\n    'error' => $this->error('Failed'),\n"
        "    default => null,\n};",
    ],
    ids=[
        "registry-of-collaborators",
        "request-value-at-the-edge",
        "labels-for-display",
        "console-output",
    ],
)
def test_a_match_that_only_selects_translates_or_labels_is_not_a_type_switch(
    analyze: Analyze, body: str
) -> None:
    assert of(analyze(service(body)), "type-switch") == []


# --- DIP: new of collaborators ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("statement", "created"),
    [
        ("$this->payments = new PaymentGateway(config('services.key'));", "PaymentGateway"),
        ("$repo = new EloquentOrderRepository();", "EloquentOrderRepository"),
        ("$client = new \\GuzzleHttp\\Client(['timeout' => 2]);", "Client"),
        ("$pdo = new PDO($dsn);", "PDO"),
        ("$mailer = new OrderMailer();", "OrderMailer"),
    ],
)
def test_new_of_a_service_inside_a_method_is_reported(
    analyze: Analyze, statement: str, created: str
) -> None:
    found = of(analyze(service(statement)), "new-dependency")

    assert len(found) == 1
    assert (
        found[0].message
        == f"`OrderService` creates `{created}` with `new` in `OrderService::handle`"
    )


def test_new_inside_a_constructor_names_the_constructor(analyze: Analyze) -> None:
    source = service(
        "$this->gateway = new PaymentGateway();", signature="public function __construct()"
    )

    found = of(analyze(source), "new-dependency")

    assert [f.message for f in found] == [
        "`OrderService` creates `PaymentGateway` with `new` in its constructor"
    ]


@pytest.mark.parametrize(
    "statement",
    [
        "$total = new Money(0);",
        "throw new InvalidOrderTransition('x');",
        "$when = new DateTimeImmutable('2024-01-01');",
        "$event = new OrderPlaced($order);",
        "$lines = new Collection();",
        "return new PaymentGateway($key);",
        "$this->payments = $payments ?? new PaymentGateway();",
    ],
)
def test_new_of_values_events_and_exceptions_is_fine(analyze: Analyze, statement: str) -> None:
    assert of(analyze(service(statement)), "new-dependency") == []


@pytest.mark.parametrize(
    ("cls", "path", "signature"),
    [
        (
            "AppServiceProvider",
            "app/Providers/AppServiceProvider.php",
            "public function register(): void",
        ),
        (
            "GatewayFactory",
            "app/Factories/GatewayFactory.php",
            "public function handle(Order $order): void",
        ),
        ("Order", "app/Models/Order.php", "public function handle(Order $order): void"),
        ("DatabaseSeeder", "database/seeders/DatabaseSeeder.php", "public function run(): void"),
        (
            "EmbedExtension",
            "app/Markdown/EmbedExtension.php",
            "public function register(Environment $environment): void",
        ),
        (
            "Gateways",
            "app/Services/Gateways.php",
            "public static function create(Order $order): void",
        ),
    ],
)
def test_the_composition_root_factories_and_models_may_use_new(
    analyze: Analyze, cls: str, path: str, signature: str
) -> None:
    source = service("$gateway = new PaymentGateway();", cls, signature)

    assert of(analyze(source, path), "new-dependency") == []


# --- ISP and LSP ------------------------------------------------------------------------------


def interface(count: int) -> str:
    methods = "\n".join(f"    public function m{i}(): void;" for i in range(count))
    return php(f"interface OrderRepository\n{{\n{methods}\n}}", "App\\Repositories")


def test_interface_with_seven_methods_is_fat(analyze: Analyze) -> None:
    found = of(analyze(interface(7), "app/Repositories/OrderRepository.php"), "fat-interface")

    assert len(found) == 1
    assert found[0].message.startswith("`OrderRepository` declares 7 methods: m0, m1")
    assert found[0].extras["metric"] == 7


def test_interface_with_six_methods_is_not_fat(analyze: Analyze) -> None:
    assert of(analyze(interface(6), "app/Repositories/OrderRepository.php"), "fat-interface") == []


REFUSING = """class DeliveredState implements OrderState
{
    public function cancel(Order $order): void
    {
        throw new %s('%s');
    }
}"""


@pytest.mark.parametrize(
    ("exception", "text"),
    [
        ("\\BadMethodCallException", "Cancel"),
        ("\\LogicException", "Cancelling is not supported"),
        ("NotImplementedException", "later"),
        ("\\RuntimeException", "Not implemented"),
    ],
)
def test_override_that_only_refuses_is_reported(
    analyze: Analyze, exception: str, text: str
) -> None:
    source = php(REFUSING % (exception, text), "App\\States")

    found = of(analyze(source, "app/States/DeliveredState.php"), "throwing-override")

    assert len(found) == 1 and "`DeliveredState::cancel` only throws" in found[0].message


@pytest.mark.parametrize(
    "source",
    [
        REFUSING % ("InvalidOrderTransition", "An order that was delivered cannot be cancelled"),
        REFUSING.replace(" implements OrderState", "") % ("\\BadMethodCallException", "x"),
        REFUSING.replace("cancel(", "__clone(") % ("\\LogicException", "not supported"),
        "abstract class Base\n{\n    abstract public function cancel(Order $order): void;\n}",
    ],
)
def test_domain_exceptions_and_standalone_classes_are_not_refusals(
    analyze: Analyze, source: str
) -> None:
    assert (
        of(
            analyze(php(source, "App\\States"), "app/States/DeliveredState.php"),
            "throwing-override",
        )
        == []
    )
