"""Praise for the HTTP layer: Form Requests, policies, API Resources with explicit fields; each
earned only where the code does it, and taken back by its opposite problem in the same run."""

from __future__ import annotations

from pathlib import Path

from tests.php.helpers import php
from tests.php.test_php_praise_project import ORDER, STORE_REQUEST, codes, praise_of, run_project

CONTROLLER = "app/Http/Controllers/OrderController.php"
REQUEST = "app/Http/Requests/StoreOrderRequest.php"
RESOURCE = "app/Http/Resources/OrderResource.php"


def controller(body: str, name: str = "OrderController") -> str:
    return php(
        f"""
use App\\Http\\Requests\\StoreOrderRequest;
use App\\Http\\Requests\\UpdateOrderRequest;
use App\\Http\\Resources\\OrderResource;
use App\\Models\\Order;
use Illuminate\\Http\\Request;

final class {name} extends Controller
{{
{body}
}}
""",
        "App\\Http\\Controllers",
    )


STORE_VALIDATED = """
    public function store(StoreOrderRequest $request): OrderResource
    {
        $order = Order::create($request->validated());

        return OrderResource::make($order);
    }
"""


# --- Form Requests ---------------------------------------------------------------------------


def test_an_action_writing_what_its_form_request_validated_is_praised(tmp_path: Path) -> None:
    result = run_project(
        tmp_path,
        {
            CONTROLLER: controller(STORE_VALIDATED),
            REQUEST: STORE_REQUEST,
            "app/Models/Order.php": ORDER,
        },
    )

    [praise] = praise_of(result, "praise-form-request")
    assert praise.message == (
        "`OrderController::store` takes `StoreOrderRequest`, whose `rules()` checks 2 fields "
        "before the action runs; `store` writes only what `validated()` returns."
    )
    assert praise.location.path.endswith(CONTROLLER)


def test_two_actions_sharing_one_form_request_are_one_praise(tmp_path: Path) -> None:
    update = STORE_VALIDATED.replace("function store(", "function update(").replace(
        "$order = Order::create($request->validated());",
        "$order = Order::query()->firstOrFail();\n        $order->update($request->validated());",
    )

    result = run_project(
        tmp_path,
        {
            CONTROLLER: controller(STORE_VALIDATED + update),
            REQUEST: STORE_REQUEST,
            "app/Models/Order.php": ORDER,
        },
    )

    [praise] = praise_of(result, "praise-form-request")
    assert praise.message == (
        "`OrderController::store` and `update` take `StoreOrderRequest`, whose `rules()` checks "
        "2 fields before each action runs; `store` and `update` write only what `validated()` "
        "returns."
    )


def test_an_action_reading_the_whole_input_beside_its_form_request_is_not(
    tmp_path: Path,
) -> None:
    body = STORE_VALIDATED.replace("$request->validated()", "$request->all()")

    result = run_project(
        tmp_path,
        {CONTROLLER: controller(body), REQUEST: STORE_REQUEST, "app/Models/Order.php": ORDER},
    )

    assert praise_of(result, "praise-form-request") == []


def test_a_form_request_without_rules_earns_nothing(tmp_path: Path) -> None:
    empty = php(
        """
use Illuminate\\Foundation\\Http\\FormRequest;

final class StoreOrderRequest extends FormRequest
{
    public function rules(): array
    {
        return [];
    }
}
""",
        "App\\Http\\Requests",
    )

    result = run_project(tmp_path, {CONTROLLER: controller(STORE_VALIDATED), REQUEST: empty})

    assert praise_of(result, "praise-form-request") == []


def test_inline_validation_on_a_plain_request_earns_nothing(tmp_path: Path) -> None:
    body = """
    public function store(Request $request): OrderResource
    {
        $order = Order::create($request->validate(['notes' => ['string']]));

        return OrderResource::make($order);
    }
"""
    result = run_project(tmp_path, {CONTROLLER: controller(body), REQUEST: STORE_REQUEST})

    assert praise_of(result, "praise-form-request") == []


def test_mass_assignment_elsewhere_in_the_run_takes_the_praise_back(tmp_path: Path) -> None:
    other = controller(
        """
    public function store(Request $request): OrderResource
    {
        return OrderResource::make(Order::create($request->all()));
    }
""",
        "LegacyOrderController",
    )

    result = run_project(
        tmp_path,
        {
            CONTROLLER: controller(STORE_VALIDATED),
            "app/Http/Controllers/LegacyOrderController.php": other,
            REQUEST: STORE_REQUEST,
            "app/Models/Order.php": ORDER,
        },
    )

    assert "mass-assignment" in codes(result)
    assert praise_of(result, "praise-form-request") == []


def test_mass_assignment_in_another_project_of_the_run_leaves_the_praise(tmp_path: Path) -> None:
    legacy = controller(
        """
    public function store(Request $request): OrderResource
    {
        return OrderResource::make(Order::create($request->all()));
    }
""",
    )
    composer = '{"name": "shop/app"}'

    result = run_project(
        tmp_path,
        {
            "clean/composer.json": composer,
            f"clean/{CONTROLLER}": controller(STORE_VALIDATED),
            f"clean/{REQUEST}": STORE_REQUEST,
            "legacy/composer.json": composer,
            f"legacy/{CONTROLLER}": legacy,
        },
    )

    assert "mass-assignment" in codes(result)
    [praise] = praise_of(result, "praise-form-request")
    assert "/clean/" in praise.location.path


# --- Policies --------------------------------------------------------------------------------


def test_an_update_that_asks_its_policy_is_praised_naming_the_call(tmp_path: Path) -> None:
    body = """
    public function update(StoreOrderRequest $request, Order $order): OrderResource
    {
        $this->authorize('update', $order);
        $order->update($request->validated());

        return OrderResource::make($order);
    }
"""
    result = run_project(
        tmp_path,
        {CONTROLLER: controller(body), REQUEST: STORE_REQUEST, "app/Models/Order.php": ORDER},
    )

    [praise] = praise_of(result, "praise-policy")
    assert praise.message == (
        "`OrderController::update` asks who may act on the record first, with "
        "`$this->authorize('update', $order)`."
    )


def test_a_form_request_that_asks_the_policy_counts_as_the_check(tmp_path: Path) -> None:
    request = STORE_REQUEST.replace("StoreOrderRequest", "UpdateOrderRequest").replace(
        "return $this->user() !== null;",
        "return $this->user()->can('update', $this->route('order'));",
    )
    body = """
    public function update(UpdateOrderRequest $request, Order $order): OrderResource
    {
        $order->update($request->validated());

        return OrderResource::make($order);
    }
"""
    result = run_project(
        tmp_path,
        {
            CONTROLLER: controller(body),
            "app/Http/Requests/UpdateOrderRequest.php": request,
            "app/Models/Order.php": ORDER,
        },
    )

    [praise] = praise_of(result, "praise-policy")
    assert "`UpdateOrderRequest::authorize()`" in praise.message


def test_a_permission_check_on_a_record_a_repository_loaded_is_praised(tmp_path: Path) -> None:
    pages = php(
        """
final class PageController extends Controller
{
    public function update(Request $request, string $slug): mixed
    {
        $page = $this->pages->findVisibleBySlugOrFail($slug);
        $this->checkOwnablePermission('page-update', $page);
        $this->pages->rename($page, (string) $request->validate(['name' => 'string'])['name']);

        return redirect($page->getUrl());
    }

    public function destroy(string $slug): mixed
    {
        $page = $this->pages->getBySlug($slug);
        $this->checkOwnablePermission('page-delete', $page);
        $this->pages->destroy($page);

        return redirect('/');
    }

    public function updateSettings(Request $request): mixed
    {
        $this->checkPermission('settings-manage');

        return redirect('/settings');
    }
}
""",
        "App\\Http\\Controllers",
    )

    result = run_project(tmp_path, {"app/Http/Controllers/PageController.php": pages})

    [praise] = praise_of(result, "praise-policy")
    assert praise.message == (
        "`PageController::update` and `destroy` ask who may act on the record first, with "
        "`$this->checkOwnablePermission('page-update', $page)` and "
        "`$this->checkOwnablePermission('page-delete', $page)`."
    )


def test_a_resource_controller_authorizing_its_resource_is_praised(tmp_path: Path) -> None:
    body = """
    public function __construct()
    {
        $this->authorizeResource(Order::class, 'order');
    }

    public function destroy(Order $order): mixed
    {
        $order->delete();

        return response()->noContent();
    }
"""
    result = run_project(tmp_path, {CONTROLLER: controller(body), "app/Models/Order.php": ORDER})

    [praise] = praise_of(result, "praise-policy")
    assert praise.message == (
        "`OrderController::destroy` asks who may act on the record first, with "
        "`authorizeResource` on `OrderController`."
    )


def test_a_signed_in_check_alone_is_no_policy(tmp_path: Path) -> None:
    body = """
    public function update(StoreOrderRequest $request, Order $order): OrderResource
    {
        $order->update($request->validated());

        return OrderResource::make($order);
    }
"""
    result = run_project(
        tmp_path,
        {CONTROLLER: controller(body), REQUEST: STORE_REQUEST, "app/Models/Order.php": ORDER},
    )

    assert praise_of(result, "praise-policy") == []


def test_an_authorized_list_is_not_a_record_check(tmp_path: Path) -> None:
    body = """
    public function index(): mixed
    {
        $this->authorize('viewAny', Order::class);

        return OrderResource::collection(Order::query()->paginate());
    }
"""
    result = run_project(tmp_path, {CONTROLLER: controller(body), "app/Models/Order.php": ORDER})

    assert praise_of(result, "praise-policy") == []


def test_an_unchecked_update_elsewhere_takes_the_policy_praise_back(tmp_path: Path) -> None:
    checked = """
    public function destroy(Order $order): mixed
    {
        $this->authorize('delete', $order);
        $order->delete();

        return response()->noContent();
    }
"""
    unchecked = controller(
        """
    public function update(Request $request, Order $order): OrderResource
    {
        $order->update($request->only('status'));

        return OrderResource::make($order);
    }
""",
        "AdminOrderController",
    )
    routes = "<?php\n\nRoute::middleware('auth')->group(function (): void {});\n"

    result = run_project(
        tmp_path,
        {
            CONTROLLER: controller(checked),
            "app/Http/Controllers/AdminOrderController.php": unchecked,
            "app/Models/Order.php": ORDER,
            "routes/api.php": routes,
        },
    )

    assert "missing-authorization" in codes(result)
    assert praise_of(result, "praise-policy") == []


def test_an_update_asked_about_elsewhere_takes_the_policy_praise_back(tmp_path: Path) -> None:
    checked = """
    public function destroy(Order $order): mixed
    {
        $this->authorize('delete', $order);
        $order->delete();

        return response()->noContent();
    }
"""
    unchecked = controller(
        """
    public function update(Request $request, Order $order): OrderResource
    {
        $order->update($request->only('status'));

        return OrderResource::make($order);
    }
""",
        "AdminOrderController",
    )

    result = run_project(
        tmp_path,
        {
            CONTROLLER: controller(checked),
            "app/Http/Controllers/AdminOrderController.php": unchecked,
        },
    )

    assert "unclear-authorization" in codes(result)
    assert praise_of(result, "praise-policy") == []


# --- API Resources ---------------------------------------------------------------------------


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


EXPLICIT = """return [
            'id' => $this->id,
            'status' => $this->status->value,
            'items' => OrderItemResource::collection($this->whenLoaded('items')),
        ];"""


def test_a_resource_naming_its_fields_is_praised(tmp_path: Path) -> None:
    result = run_project(tmp_path, {RESOURCE: resource(EXPLICIT)})

    [praise] = praise_of(result, "praise-explicit-resource")
    assert praise.message == (
        "`OrderResource::toArray` names the 3 fields it sends (`id`, `status` and `items`) "
        "and adds relations only `whenLoaded`."
    )


def test_a_resource_returning_every_column_is_not(tmp_path: Path) -> None:
    spread = "return [...parent::toArray($request), 'total' => $this->total_cents];"
    for body in ("return parent::toArray($request);", spread):
        result = run_project(tmp_path, {RESOURCE: resource(body)})

        assert praise_of(result, "praise-explicit-resource") == [], body


def test_a_resource_that_sends_a_secret_is_not_praised_for_its_list(tmp_path: Path) -> None:
    body = "return ['id' => $this->id, 'email' => $this->email, 'password' => $this->password];"

    result = run_project(tmp_path, {RESOURCE: resource(body)})

    assert praise_of(result, "praise-explicit-resource") == []


def test_a_collection_wrapping_its_rows_is_not_a_list_of_fields(tmp_path: Path) -> None:
    body = "return ['data' => $this->collection, 'count' => $this->collection->count()];"

    result = run_project(tmp_path, {RESOURCE: resource(body, "ResourceCollection")})

    assert praise_of(result, "praise-explicit-resource") == []


def test_a_model_returned_as_it_is_takes_the_resource_praise_back(tmp_path: Path) -> None:
    body = """
    public function show(int $id): mixed
    {
        return Order::findOrFail($id);
    }
"""
    result = run_project(
        tmp_path,
        {RESOURCE: resource(EXPLICIT), CONTROLLER: controller(body), "app/Models/Order.php": ORDER},
    )

    assert "model-without-resource" in codes(result)
    assert praise_of(result, "praise-explicit-resource") == []
