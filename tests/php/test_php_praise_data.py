"""Praise for the data layer and the project as a whole: backed enums, eager loading,
transactions, strict types and bound repository interfaces; and what the samples earn."""

from __future__ import annotations

from pathlib import Path

from reviewer.analyzers.php import PhpAnalyzer
from reviewer.analyzers.php.praise import PRAISE_CODES
from reviewer.config.options import PhpArchitecture
from reviewer.inputs.discovery import discover
from tests.helpers import SAMPLES
from tests.php.helpers import php
from tests.php.test_php_praise_project import ORDER, codes, praise_of, run_project

ENUM = "app/Enums/OrderStatus.php"
MODEL = "app/Models/Order.php"
REPOSITORY = "app/Repositories/EloquentOrderRepository.php"


def enum(body: str, *, backed: bool = True) -> str:
    cases = (
        "    case Pending = 'pending';\n    case Delivered = 'delivered';"
        if backed
        else "    case Pending;\n    case Delivered;"
    )
    return php(
        f"enum OrderStatus{': string' if backed else ''}\n{{\n{cases}\n{body}\n}}", "App\\Enums"
    )


LABEL = """
    public function label(): string
    {
        return match ($this) {
            self::Pending => 'Waiting for the restaurant',
            self::Delivered => 'Delivered',
        };
    }
"""


# --- Backed enums ----------------------------------------------------------------------------


def test_a_backed_enum_the_model_casts_to_is_praised(tmp_path: Path) -> None:
    model = ORDER.replace(
        "protected $fillable",
        "protected $casts = ['status' => OrderStatus::class];\n\n    protected $fillable",
    )

    result = run_project(tmp_path, {ENUM: enum(""), MODEL: model})

    [praise] = praise_of(result, "praise-backed-enum")
    assert praise.message == "`OrderStatus` is a string-backed enum that `Order::$status` casts to."


def test_a_casts_method_counts_like_the_property(tmp_path: Path) -> None:
    model = ORDER.replace(
        "    public function customer",
        "    protected function casts(): array\n    {\n"
        "        return ['status' => \\App\\Enums\\OrderStatus::class];\n    }\n\n"
        "    public function customer",
    )

    result = run_project(tmp_path, {ENUM: enum(LABEL), MODEL: model})

    [praise] = praise_of(result, "praise-backed-enum")
    assert praise.message == (
        "`OrderStatus` is a string-backed enum that `Order::$status` casts to, whose `label()` "
        "answers for every case."
    )


def test_a_backed_enum_with_a_label_per_case_is_praised(tmp_path: Path) -> None:
    result = run_project(tmp_path, {ENUM: enum(LABEL)})

    [praise] = praise_of(result, "praise-backed-enum")
    assert (
        praise.message
        == "`OrderStatus` is a string-backed enum whose `label()` answers for every case."
    )


def test_an_enum_used_by_nothing_or_without_values_is_not(tmp_path: Path) -> None:
    bare = run_project(tmp_path / "bare", {ENUM: enum("")})
    pure = run_project(tmp_path / "pure", {ENUM: enum(LABEL, backed=False)})

    assert praise_of(bare, "praise-backed-enum") == []
    assert praise_of(pure, "praise-backed-enum") == []


# --- Eager loading ---------------------------------------------------------------------------


def repository(body: str) -> str:
    return php(
        f"""
use App\\Models\\Order;
use Illuminate\\Support\\Collection;

final class EloquentOrderRepository
{{
{body}
}}
""",
        "App\\Repositories",
    )


ORDER_RESOURCE = php(
    """
use Illuminate\\Http\\Request;
use Illuminate\\Http\\Resources\\Json\\JsonResource;

final class OrderResource extends JsonResource
{
    public function toArray(Request $request): array
    {
        return ['id' => $this->id, 'items' => OrderItemResource::collection($this->items)];
    }
}
""",
    "App\\Http\\Resources",
)
FOR_CUSTOMER = """
    public function forCustomer(int $customerId): Collection
    {
        return Order::query()->with(['items.menuItem'])->where('customer_id', $customerId)->get();
    }
"""


def test_a_relation_loaded_with_and_read_by_a_resource_is_praised(tmp_path: Path) -> None:
    result = run_project(
        tmp_path,
        {
            REPOSITORY: repository(FOR_CUSTOMER),
            MODEL: ORDER,
            "app/Http/Resources/OrderResource.php": ORDER_RESOURCE,
        },
    )

    [praise] = praise_of(result, "praise-eager-loading")
    assert praise.message == (
        "`EloquentOrderRepository::forCustomer` loads `items` with `with()`, which "
        "`OrderResource` then reads."
    )


def test_a_relation_loaded_and_read_in_a_loop_is_praised(tmp_path: Path) -> None:
    body = """
    public function totals(int $customerId): array
    {
        $orders = Order::with('items')->where('customer_id', $customerId)->get();
        $totals = [];
        foreach ($orders as $order) {
            $totals[$order->id] = $order->items->sum('unit_price_cents');
        }

        return $totals;
    }
"""
    result = run_project(tmp_path, {REPOSITORY: repository(body), MODEL: ORDER})

    [praise] = praise_of(result, "praise-eager-loading")
    assert praise.message.endswith("loads `items` with `with()` before a loop reads them.")


def test_with_on_a_redirect_a_view_or_an_unread_relation_is_not(tmp_path: Path) -> None:
    body = """
    public function saved(): mixed
    {
        $orders = Order::with('items')->get();

        return redirect()->route('orders')->with('status', 'saved')->with('items', $orders);
    }
"""
    result = run_project(tmp_path, {REPOSITORY: repository(body), MODEL: ORDER})

    assert praise_of(result, "praise-eager-loading") == []


def test_a_resource_about_another_model_does_not_count_as_the_reader(tmp_path: Path) -> None:
    body = """
    public function open(): Collection
    {
        return Restaurant::query()->with('items')->where('is_open', true)->get();
    }
"""
    result = run_project(
        tmp_path,
        {
            REPOSITORY: repository(body).replace(
                "use App\\Models\\Order;", "use App\\Models\\Restaurant;"
            ),
            MODEL: ORDER,
            "app/Http/Resources/OrderResource.php": ORDER_RESOURCE,
        },
    )

    assert praise_of(result, "praise-eager-loading") == []


def test_a_query_per_row_elsewhere_takes_the_eager_loading_praise_back(tmp_path: Path) -> None:
    n_plus_one = """
    public function names(array $ids): array
    {
        $names = [];
        foreach ($ids as $id) {
            $names[] = Order::find($id)->customer->name;
        }

        return $names;
    }
"""
    result = run_project(
        tmp_path,
        {
            REPOSITORY: repository(FOR_CUSTOMER + n_plus_one),
            MODEL: ORDER,
            "app/Http/Resources/OrderResource.php": ORDER_RESOURCE,
        },
    )

    assert "query-in-loop" in codes(result)
    assert praise_of(result, "praise-eager-loading") == []


# --- Transactions ----------------------------------------------------------------------------


def service(body: str) -> str:
    return php(
        f"""
use App\\Models\\Order;
use Illuminate\\Support\\Facades\\DB;

final class OrderService
{{
{body}
}}
""",
        "App\\Services",
    )


PLACE = """
    public function place(Order $order, array $items): Order
    {
        return DB::transaction(function () use ($order, $items): Order {
            $order->save();
            $order->items()->createMany($items);

            return $order;
        });
    }
"""


def test_writes_kept_in_one_transaction_are_praised(tmp_path: Path) -> None:
    result = run_project(tmp_path, {"app/Services/OrderService.php": service(PLACE)})

    [praise] = praise_of(result, "praise-transaction")
    assert praise.message == (
        "`OrderService::place` keeps its writes (`save()` and `createMany()`) in one `transaction`."
    )


def test_a_transaction_around_one_write_is_not_praised(tmp_path: Path) -> None:
    body = PLACE.replace("            $order->items()->createMany($items);\n", "")

    result = run_project(tmp_path, {"app/Services/OrderService.php": service(body)})

    assert praise_of(result, "praise-transaction") == []


def test_writes_without_a_transaction_elsewhere_take_the_praise_back(tmp_path: Path) -> None:
    loose = """
    public function cancel(Order $order): void
    {
        $order->update(['status' => 'cancelled']);
        $order->items()->delete();
    }
"""
    result = run_project(tmp_path, {"app/Services/OrderService.php": service(PLACE + loose)})

    assert "missing-transaction" in codes(result)
    assert praise_of(result, "praise-transaction") == []


# --- Strict types ----------------------------------------------------------------------------

SKELETON_USER = """<?php

namespace App\\Models;

use Illuminate\\Foundation\\Auth\\User as Authenticatable;

class User extends Authenticatable
{
    /**
     * The attributes that are mass assignable.
     *
     * @var list<string>
     */
    protected $fillable = ['name', 'email', 'password'];
}
"""


def test_strict_types_in_every_file_the_project_wrote_are_praised_once(tmp_path: Path) -> None:
    result = run_project(
        tmp_path,
        {
            ENUM: enum(""),
            MODEL: ORDER,
            "app/Services/OrderService.php": service(PLACE),
            "app/Models/User.php": SKELETON_USER,
        },
    )

    [praise] = praise_of(result, "praise-strict-types")
    assert praise.message == "All 3 application files reviewed declare `strict_types=1`."


def test_one_file_of_the_project_without_strict_types_withholds_it(tmp_path: Path) -> None:
    loose = ORDER.replace("declare(strict_types=1);\n\n", "")

    result = run_project(
        tmp_path,
        {ENUM: enum(""), MODEL: loose, "app/Services/OrderService.php": service(PLACE)},
    )

    assert praise_of(result, "praise-strict-types") == []


def test_two_files_are_too_few_to_speak_of_every_file(tmp_path: Path) -> None:
    result = run_project(tmp_path, {ENUM: enum(""), MODEL: ORDER})

    assert praise_of(result, "praise-strict-types") == []


# --- Repository layering ---------------------------------------------------------------------

INTERFACES = {
    "app/Repositories/OrderRepository.php": php(
        "interface OrderRepository\n{\n    public function find(int $id): ?Order;\n}",
        "App\\Repositories",
    ),
    "app/Repositories/MenuItemRepository.php": php(
        "interface MenuItemRepository\n{\n    public function prices(array $ids): array;\n}",
        "App\\Repositories",
    ),
}
PROVIDER = php(
    """
use App\\Repositories\\EloquentMenuItemRepository;
use App\\Repositories\\EloquentOrderRepository;
use App\\Repositories\\MenuItemRepository;
use App\\Repositories\\OrderRepository;
use Illuminate\\Support\\ServiceProvider;

final class AppServiceProvider extends ServiceProvider
{
    public function register(): void
    {
        $this->app->bind(OrderRepository::class, EloquentOrderRepository::class);
        $this->app->singleton(MenuItemRepository::class, EloquentMenuItemRepository::class);
    }
}
""",
    "App\\Providers",
)
LAYERED_SERVICE = php(
    """
use App\\Repositories\\MenuItemRepository;
use App\\Repositories\\OrderRepository;

final class OrderService
{
    public function __construct(
        private readonly OrderRepository $orders,
        private readonly MenuItemRepository $menuItems,
    ) {
    }
}
""",
    "App\\Services",
)


def layered(provider: str = PROVIDER) -> dict[str, str]:
    return {
        **INTERFACES,
        "app/Providers/AppServiceProvider.php": provider,
        "app/Services/OrderService.php": LAYERED_SERVICE,
    }


def test_bound_interfaces_are_praised_where_the_project_declares_repositories(
    tmp_path: Path,
) -> None:
    result = run_project(tmp_path, layered(), PhpArchitecture.REPOSITORIES)

    [praise] = praise_of(result, "praise-repository-layering")
    assert praise.message == (
        "`OrderService` depends on `OrderRepository` and `MenuItemRepository`, interfaces that "
        "`AppServiceProvider` binds to an implementation."
    )


def test_layering_is_not_praised_where_the_project_declares_none(tmp_path: Path) -> None:
    result = run_project(tmp_path, layered())

    assert praise_of(result, "praise-repository-layering") == []


def test_one_bound_interface_is_not_yet_a_layer(tmp_path: Path) -> None:
    provider = PROVIDER.replace(
        "        $this->app->singleton(MenuItemRepository::class, EloquentMenuItemRepository::class);\n",
        "",
    )

    result = run_project(tmp_path, layered(provider), PhpArchitecture.REPOSITORIES)

    assert praise_of(result, "praise-repository-layering") == []


# --- The samples -----------------------------------------------------------------------------


def sample_praise(name: str) -> dict[str, list[str]]:
    files = discover([str(SAMPLES / name)])
    result = PhpAnalyzer(architecture=PhpArchitecture.REPOSITORIES).run(files)
    found: dict[str, list[str]] = {}
    for finding in result.findings:
        if finding.code in PRAISE_CODES:
            where = finding.location.path.split(f"{name}/", 1)[1]
            found.setdefault(finding.code, []).append(f"{where}:{finding.location.line}")
    return found


def test_the_clean_sample_earns_every_praise_where_it_does_the_thing() -> None:
    assert sample_praise("laravel_orders_clean") == {
        "praise-form-request": ["app/Http/Controllers/OrderController.php:27"],
        "praise-policy": ["app/Http/Controllers/OrderController.php:34"],
        "praise-explicit-resource": [
            "app/Http/Resources/OrderItemResource.php:19",
            "app/Http/Resources/OrderResource.php:19",
            "app/Http/Resources/RestaurantResource.php:19",
        ],
        "praise-backed-enum": ["app/Enums/OrderStatus.php:7"],
        "praise-eager-loading": [
            "app/Repositories/Eloquent/EloquentOrderRepository.php:21",
            "app/Repositories/Eloquent/EloquentRestaurantRepository.php:15",
        ],
        "praise-transaction": ["app/Repositories/Eloquent/EloquentOrderRepository.php:35"],
        "praise-strict-types": ["app/Enums/OrderStatus.php:3"],
        "praise-repository-layering": [
            "app/Http/Controllers/RestaurantController.php:11",
            "app/Services/OrderService.php:20",
        ],
    }


def test_the_flawed_sample_earns_no_praise() -> None:
    assert sample_praise("laravel_orders") == {}
