"""Authorization: actions on one record found by id, with and without a check of who may."""

from __future__ import annotations

from pathlib import Path

from reviewer.model import AnalyzerResult
from tests.php.helpers import of, php, run_php

ORDER = php(
    """
use Illuminate\\Database\\Eloquent\\Model;
use Illuminate\\Database\\Eloquent\\Relations\\BelongsTo;

final class Order extends Model
{
    protected $fillable = ['status'];

    public function customer(): BelongsTo
    {
        return $this->belongsTo(User::class, 'customer_id');
    }
}
""",
    "App\\Models",
)
TAG = php(
    """
use Illuminate\\Database\\Eloquent\\Model;

final class Tag extends Model
{
    protected $fillable = ['name'];
}
""",
    "App\\Models",
)
ROUTES = """<?php

use App\\Http\\Controllers\\OrderController;
use Illuminate\\Support\\Facades\\Route;

Route::middleware('auth:sanctum')->group(function (): void {
    Route::patch('/orders/{order}', [OrderController::class, 'update']);
});
"""
HEAD = """
use App\\Models\\Order;
use App\\Models\\Tag;
use Illuminate\\Http\\JsonResponse;
use Illuminate\\Http\\Request;
"""


def project(tmp_path: Path, controller: str, **files: str) -> AnalyzerResult:
    """The controller with the Order and Tag models and a routes file, analyzed together."""
    sources = {
        "app/Models/Order.php": ORDER,
        "app/Models/Tag.php": TAG,
        "routes/api.php": ROUTES,
        "app/Http/Controllers/OrderController.php": php(
            HEAD + controller, "App\\Http\\Controllers"
        ),
        **{name.replace("__", "/") + ".php": source for name, source in files.items()},
    }
    paths = []
    for name, source in sources.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
        paths.append(path)
    result = run_php(*paths)
    assert result.errors == ()
    return result


def test_update_of_a_users_order_found_by_id_is_an_issue(tmp_path: Path) -> None:
    result = project(
        tmp_path,
        """
final class OrderController extends Controller
{
    public function update(Request $request, int $id): JsonResponse
    {
        $order = Order::findOrFail($id);
        $order->update(['status' => $request->string('status')]);

        return response()->json($order);
    }
}
""",
    )

    [found] = of(result, "missing-authorization")
    assert "`OrderController::update` changes the `Order`" in found.message
    assert "`Order::findOrFail($id)`" in found.message
    assert "`belongsTo(User::class)`" in found.message
    assert of(result, "unclear-authorization") == []


def test_route_bound_destroy_without_check_is_an_issue(tmp_path: Path) -> None:
    result = project(
        tmp_path,
        """
final class OrderController extends Controller
{
    public function destroy(Order $order): JsonResponse
    {
        $order->delete();

        return response()->json(null, 204);
    }
}
""",
    )

    [found] = of(result, "missing-authorization")
    assert "deletes the `Order` it gets from `Order $order`" in found.message


def test_policy_gate_can_and_ownership_scope_count_as_checks(tmp_path: Path) -> None:
    result = project(
        tmp_path,
        """
final class OrderController extends Controller
{
    public function update(Request $request, Order $order): JsonResponse
    {
        $this->authorize('update', $order);
        $order->update(['status' => 'paid']);

        return response()->json($order);
    }

    public function destroy(Order $order): JsonResponse
    {
        Gate::authorize('delete', $order);
        $order->delete();

        return response()->json(null, 204);
    }

    public function updateNotes(Request $request, int $id): JsonResponse
    {
        $order = $request->user()->orders()->findOrFail($id);
        $order->update(['notes' => 'x']);

        return response()->json($order);
    }

    public function deleteLine(Request $request, Order $order): JsonResponse
    {
        abort_unless($request->user()->can('update', $order), 403);
        $order->items()->delete();

        return response()->json(null, 204);
    }

    public function updateStatus(Order $order): JsonResponse
    {
        $this->ensureOwner($order);
        $order->update(['status' => 'paid']);

        return response()->json($order);
    }

    private function ensureOwner(Order $order): void
    {
        abort_if($order->customer_id !== auth()->id(), 403);
    }
}
""",
    )

    assert of(result, "missing-authorization") == []
    assert of(result, "unclear-authorization") == []


def test_can_middleware_in_constructor_or_route_counts_as_a_check(tmp_path: Path) -> None:
    guarded_class = project(
        tmp_path / "a",
        """
final class OrderController extends Controller
{
    public function __construct()
    {
        $this->middleware('can:manage-orders');
    }

    public function destroy(Order $order): JsonResponse
    {
        $order->delete();

        return response()->json(null, 204);
    }
}
""",
    )
    guarded_route = project(
        tmp_path / "b",
        """
final class OrderController extends Controller
{
    public function update(Order $order): JsonResponse
    {
        $order->update(['status' => 'paid']);

        return response()->json($order);
    }
}
""",
        routes__api="""<?php

use App\\Http\\Controllers\\OrderController;
use Illuminate\\Support\\Facades\\Route;

Route::patch('/orders/{order}', [OrderController::class, 'update'])->can('update', 'order');
""",
    )

    assert of(guarded_class, "missing-authorization") == []
    assert of(guarded_class, "unclear-authorization") == []
    assert of(guarded_route, "missing-authorization") == []
    assert of(guarded_route, "unclear-authorization") == []


def test_form_request_that_checks_access_counts_and_one_that_returns_true_does_not(
    tmp_path: Path,
) -> None:
    controller = """
use App\\Http\\Requests\\UpdateOrderRequest;

final class OrderController extends Controller
{
    public function update(UpdateOrderRequest $request, Order $order): JsonResponse
    {
        $order->update($request->validated());

        return response()->json($order);
    }
}
"""
    request = """
use Illuminate\\Foundation\\Http\\FormRequest;

final class UpdateOrderRequest extends FormRequest
{
    public function authorize(): bool
    {
        return %s;
    }

    public function rules(): array
    {
        return ['status' => ['required', 'string']];
    }
}
"""
    checking = project(
        tmp_path / "a",
        controller,
        app__Http__Requests__UpdateOrderRequest=php(
            request % "$this->user()->can('update', $this->route('order'))",
            "App\\Http\\Requests",
        ),
    )
    open_to_all = project(
        tmp_path / "b",
        controller,
        app__Http__Requests__UpdateOrderRequest=php(request % "true", "App\\Http\\Requests"),
    )

    assert of(checking, "missing-authorization") == []
    assert len(of(open_to_all, "missing-authorization")) == 1


def test_record_with_no_owner_is_a_question(tmp_path: Path) -> None:
    result = project(
        tmp_path,
        """
final class OrderController extends Controller
{
    public function update(Request $request, Tag $tag): JsonResponse
    {
        $tag->update(['name' => $request->string('name')]);

        return response()->json($tag);
    }
}
""",
    )

    assert of(result, "missing-authorization") == []
    [found] = of(result, "unclear-authorization")
    assert "`OrderController::update` changes the `Tag`" in found.message


def test_show_is_asked_only_when_the_record_belongs_to_a_user_and_nothing_checks(
    tmp_path: Path,
) -> None:
    owned = project(
        tmp_path / "a",
        """
final class OrderController extends Controller
{
    public function show(int $id): JsonResponse
    {
        return response()->json(Order::with('items')->findOrFail($id));
    }
}
""",
    )
    public_tag = project(
        tmp_path / "b",
        """
final class OrderController extends Controller
{
    public function show(Tag $tag): JsonResponse
    {
        return response()->json($tag);
    }
}
""",
    )
    decided = project(
        tmp_path / "c",
        """
final class OrderController extends Controller
{
    public function show(Order $order): JsonResponse
    {
        return response()->json($order);
    }

    public function update(Order $order): JsonResponse
    {
        $this->authorize('update', $order);
        $order->update(['status' => 'paid']);

        return response()->json($order);
    }
}
""",
    )

    assert of(owned, "missing-authorization") == []
    assert len(of(owned, "unclear-authorization")) == 1
    assert of(public_tag, "unclear-authorization") == []
    assert of(decided, "unclear-authorization") == []


def test_without_the_route_files_an_owned_record_is_only_asked_about(tmp_path: Path) -> None:
    controller = php(
        HEAD
        + """
final class OrderController extends Controller
{
    public function destroy(Order $order): JsonResponse
    {
        $order->delete();

        return response()->json(null, 204);
    }
}
""",
        "App\\Http\\Controllers",
    )
    paths = []
    for name, source in (
        ("app/Models/Order.php", ORDER),
        ("app/Http/Controllers/OrderController.php", controller),
    ):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
        paths.append(path)
    result = run_php(*paths)

    assert of(result, "missing-authorization") == []
    assert len(of(result, "unclear-authorization")) == 1


def test_services_and_private_helpers_are_not_actions(tmp_path: Path) -> None:
    result = project(
        tmp_path,
        """
final class OrderController extends Controller
{
    private function updateTotals(Order $order): void
    {
        $order->update(['total' => 0]);
    }
}
""",
        app__Services__OrderService=php(
            """
use App\\Models\\Order;

final class OrderService
{
    public function update(Order $order): void
    {
        $order->update(['status' => 'paid']);
    }
}
"""
        ),
    )

    assert of(result, "missing-authorization") == []
    assert of(result, "unclear-authorization") == []


def test_a_can_middleware_group_guards_string_routes_and_an_auth_group_does_not(
    tmp_path: Path,
) -> None:
    controller = """
final class OrderController extends Controller
{
    public function update(Order $order): JsonResponse
    {
        $order->update(['status' => 'paid']);

        return response()->json($order);
    }
}
"""
    guarded = project(
        tmp_path / "a",
        controller,
        routes__web="""<?php

use Illuminate\\Support\\Facades\\Route;

Route::middleware(['auth', 'can:manage-orders'])->group(function (): void {
    Route::put('/orders/{order}', 'OrderController@update');
});
""",
    )
    signed_in_only = project(
        tmp_path / "b",
        controller,
        routes__web="""<?php

use Illuminate\\Support\\Facades\\Route;

Route::middleware(['auth', 'verified', 'throttle:60,1'])->group(function (): void {
    Route::put('/orders/{order}', 'OrderController@update');
});
""",
    )

    assert of(guarded, "missing-authorization") == []
    assert len(of(signed_in_only, "missing-authorization")) == 1
