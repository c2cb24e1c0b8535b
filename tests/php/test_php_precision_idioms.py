"""Issue 19, precision: Laravel's idioms are not flagged (Carbon's clock, facades, short
Eloquent calls, flash messages and content negotiation, scaffolded files), and what is left
of each rule still is, on real files analyzed for real."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.analyzers.php import PhpAnalyzer
from reviewer.config.files import load_settings, resolve
from reviewer.config.options import Overrides, PhpArchitecture
from reviewer.errors import ConfigError
from reviewer.inputs.discovery import SourceFile
from reviewer.model import AnalyzerResult
from tests.helpers import Cli, write
from tests.php.helpers import Analyze, of, php

CONTROLLER = "app/Http/Controllers/OrderController.php"


def service(body: str, cls: str = "OrderService", namespace: str = "App\\Services") -> str:
    return php(
        f"class {cls}\n{{\n    public function handle(Order $order): bool\n"
        f"    {{\n{body}\n    }}\n}}",
        namespace,
    )


def controller(*actions: str, cls: str = "OrderController") -> str:
    return php(
        f"class {cls} extends Controller\n{{\n" + "\n\n".join(actions) + "\n}",
        "App\\Http\\Controllers",
    )


def action(body: str, name: str = "index", parameters: str = "Request $request") -> str:
    return f"    public function {name}({parameters})\n    {{\n{body}\n    }}"


def analyze_as(
    tmp_path: Path, source: str, name: str, architecture: PhpArchitecture
) -> AnalyzerResult:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")
    result = PhpAnalyzer(architecture=architecture).run([SourceFile(str(path), "php")])
    assert result.errors == ()
    return result


# --- the clock ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "return now()->diffInMinutes($order->created_at) > 45;",
        "return Carbon::now()->gt($order->promised_at);",
        "return today()->isWeekend();",
        "return Date::now()->greaterThan($order->promised_at);",
        "return CarbonImmutable::now() > $order->promised_at;",
        "Cache::put('quote', $order->total, time() + 3600);\nreturn true;",
        "$expiresAt = time() + 600;\nreturn $this->tokens->issue($order, $expiresAt) !== null;",
        "return $this->cache->remember('q', time() + 60, fn () => true);",
        "$order->mtime = time();\nreturn $order->save();",
        "$path = 'uploads/' . date('Y-m') . '/' . $order->id;\nreturn $this->disk->exists($path);",
    ],
)
def test_carbon_expiries_and_recorded_times_are_not_a_hidden_clock(
    analyze: Analyze, statement: str
) -> None:
    assert of(analyze(service(statement)), "hidden-clock") == []


def test_php_clock_compared_through_a_variable_is_a_hidden_clock(analyze: Analyze) -> None:
    body = (
        "$hourAgo = time() - 3600;\n"
        "if ($order->attempted_at < $hourAgo) {\n    return false;\n}\nreturn true;"
    )

    found = of(analyze(service(body)), "hidden-clock")

    assert [(f.location.line, f.message) for f in found] == [
        (11, "`OrderService::handle` reads PHP's clock with `time()`")
    ]


# --- facades and the container in domain services -----------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "Mail::to($order->customer)->send(new OrderShipped($order));",
        "Queue::push(new ShipOrder($order));",
        "Storage::disk('s3')->put('orders.csv', $order->id);",
        "Http::post('https://pay.example/charge', ['id' => $order->id]);",
        "Cache::forget('orders');",
        "Log::error('failed');",
        "$rows = Order::select(DB::raw('count(*) as total'))->get();",
        "$items = MenuItem::whereIn('id', $ids)->get();",
        "return app(LocalAdapter::class);",
        "return match ($order->storage) { 'local' => app(LocalAdapter::class) };",
    ],
)
def test_facades_queries_and_factory_returns_are_no_hidden_dependency(
    analyze: Analyze, statement: str
) -> None:
    assert of(analyze(service(statement)), "static-dependency") == []


def test_a_static_query_in_a_service_counts_when_the_project_keeps_repositories(
    tmp_path: Path,
) -> None:
    source = service("$items = MenuItem::whereIn('id', $ids)->get();\nreturn true;")

    result = analyze_as(
        tmp_path, source, "app/Services/OrderService.php", PhpArchitecture.REPOSITORIES
    )

    assert [f.message for f in of(result, "static-dependency")] == [
        "`OrderService::handle` queries `MenuItem::whereIn` itself, though the project keeps "
        "queries in repositories"
    ]


# --- queries in controllers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "return OrderResource::collection(Order::latest()->paginate());",
        "return new OrderResource(Order::findOrFail($id));",
        "return Order::where('user_id', $request->user()->id)->get();",
        "$rows = DB::table('orders')->where('status', 'open')->get();\nreturn $rows;",
    ],
)
def test_a_short_eloquent_call_in_an_action_is_idiomatic(analyze: Analyze, body: str) -> None:
    assert of(analyze(controller(action(body)), CONTROLLER), "controller-query") == []


@pytest.mark.parametrize(
    ("body", "phrase"),
    [
        (
            "return Order::where('user_id', $request->user()->id)\n"
            "    ->where('status', 'open')\n    ->whereNotNull('paid_at')\n    ->get();",
            "builds a query on `Order::where` with 3 conditions",
        ),
        (
            "return Order::join('users', 'users.id', '=', 'orders.user_id')->get();",
            "builds a query on `Order::join` with a join",
        ),
        (
            "return Order::query()->selectRaw('sum(total) as revenue')->first();",
            "builds a query on `Order::query` with raw SQL",
        ),
        (
            "return DB::select('select * from orders where total > ?', [100]);",
            "builds a query on `DB::select` with raw SQL",
        ),
    ],
)
def test_query_logic_in_an_action_is_reported(analyze: Analyze, body: str, phrase: str) -> None:
    found = of(analyze(controller(action(body)), CONTROLLER), "controller-query")

    assert [f.message for f in found] == [f"`OrderController::index` {phrase}"]


def test_a_query_repeated_across_actions_is_reported_where_it_repeats(analyze: Analyze) -> None:
    query = "$open = Order::where('status', 'open')->get();\nreturn $open;"
    source = controller(action(query), action(query, "export"))

    found = of(analyze(source, CONTROLLER), "controller-query")

    assert [f.message for f in found] == [
        "`OrderController::export` repeats the `Order::where` query of `OrderController::index`"
    ]


def test_any_query_in_an_action_counts_when_the_project_keeps_repositories(
    tmp_path: Path,
) -> None:
    source = controller(action("return new OrderResource(Order::findOrFail($id));"))

    result = analyze_as(tmp_path, source, CONTROLLER, PhpArchitecture.REPOSITORIES)

    assert [f.message for f in of(result, "controller-query")] == [
        "`OrderController::index` queries `Order::findOrFail` itself, though the project keeps "
        "queries in repositories"
    ]


# --- the project's setting ----------------------------------------------------------------------


def test_the_architecture_setting_is_read_from_the_config_file(tmp_path: Path) -> None:
    write(tmp_path, ".reviewer.toml", '[php]\narchitecture = "repositories"\n')

    config = resolve(Overrides(), load_settings(start=tmp_path))

    assert config.php_architecture is PhpArchitecture.REPOSITORIES
    assert resolve(Overrides(), load_settings(start=tmp_path / "x")).php_architecture is (
        PhpArchitecture.REPOSITORIES
    )


def test_without_the_setting_the_architecture_is_laravels(tmp_path: Path) -> None:
    write(tmp_path, ".reviewer.toml", "max-comments = 3\n")

    config = resolve(Overrides(), load_settings(start=tmp_path))

    assert config.php_architecture is PhpArchitecture.LARAVEL


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ('[php]\narchitecture = "hexagonal"\n', "'php.architecture' cannot be 'hexagonal'"),
        ('[php]\narchitectur = "repositories"\n', "unknown key 'php.architectur'"),
        ('php = "repositories"\n', "'php' must be a table"),
    ],
)
def test_a_bad_architecture_setting_stops_the_run(
    tmp_path: Path, text: str, complaint: str
) -> None:
    write(tmp_path, ".reviewer.toml", text)

    with pytest.raises(ConfigError, match=complaint):
        load_settings(start=tmp_path)


def test_the_setting_reaches_the_review(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, CONTROLLER, controller(action("return Order::findOrFail($id);")))
    monkeypatch.chdir(tmp_path)
    laravel = cli(".", "-f", "json", "--no-cache", "--select", "php-query-in-controller")
    write(tmp_path, ".reviewer.toml", '[php]\narchitecture = "repositories"\n')
    layered = cli(".", "-f", "json", "--no-cache", "--select", "php-query-in-controller")

    assert laravel.json()["comments"] == []
    assert [c["rule"] for c in layered.json()["comments"]] == ["php-query-in-controller"]


# --- decisions in controllers -------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        (
            "if ($request->wantsJson()) {\n    return OrderResource::make($order);\n}\n"
            "$note = $request->expectsJson() && $request->ajax() ? 'json' : 'html';\n"
            "return view('orders.show', compact('order', 'note'));"
        ),
        (
            "if ($order->isPaid() && $request->boolean('notify')) {\n"
            "    $this->success('Order updated and the customer notified.');\n"
            "} elseif ($order->isLate()) {\n    session()->flash('warning', 'Late');\n"
            "} else {\n    $this->success('Order updated.');\n}\n"
            "return redirect()->route('orders.show', $order);"
        ),
        (
            "if ($order === null) {\n    return response('Not found', 404);\n}\n"
            "if ($order->draft) {\n    return back()->with('error', 'Draft');\n}\n"
            "$name = $request->input('name') ?? $order->name;\n"
            "$title = $request->input('title') ?: $order->title;\n"
            "return redirect($order->url);"
        ),
    ],
)
def test_negotiation_flash_messages_and_guard_clauses_are_not_business_logic(
    analyze: Analyze, body: str
) -> None:
    found = of(analyze(controller(action(body)), CONTROLLER), "controller-logic")

    assert found == []


def test_decisions_about_the_domain_still_are(analyze: Analyze) -> None:
    body = (
        "if ($request->wantsJson()) {\n    return OrderResource::make($order);\n}\n"
        "$fee = $order->total > 50 ? 0 : 4;\n"
        "if ($order->express && $order->distance > 10) {\n    $fee += 5;\n}\n"
        "return view('orders.show', compact('order', 'fee'));"
    )

    found = of(analyze(controller(action(body)), CONTROLLER), "controller-logic")

    assert [f.message for f in found] == [
        "`OrderController::index` holds business logic: 3 decisions"
    ]


@pytest.mark.parametrize(
    ("body", "reads"),
    [
        (
            "if ($request->user()->id !== $order->user_id) {\n    abort(403);\n}\n"
            "return new OrderResource($order);",
            "abort(403)",
        ),
        (
            "abort_unless($order->isPublished() || $request->user()?->isAdmin(), 404);\n"
            "return view('orders.show', compact('order'));",
            "abort_unless()",
        ),
        (
            "if (! $isSelf && $user->role !== 'admin') {\n"
            "    throw new AuthorizationException();\n}\nreturn $user;",
            "throw new AuthorizationException",
        ),
    ],
)
def test_authorization_decided_in_an_action_points_to_a_policy(
    analyze: Analyze, body: str, reads: str
) -> None:
    source = controller(action(body, "show", "Request $request, Order $order"))

    result = analyze(source, CONTROLLER)

    assert [f.message for f in of(result, "controller-authorization")] == [
        f"`OrderController::show` decides access itself with `{reads}`"
    ]
    assert of(result, "controller-logic") == []


@pytest.mark.parametrize(
    "body",
    [
        "$this->authorize('update', $order);\nreturn new OrderResource($order);",
        "abort_if($order->is_locked, 403, 'Locked orders cannot change');\nreturn $order;",
        "abort_unless($order->exists, 404);\nreturn $order;",
    ],
)
def test_a_policy_call_or_a_rule_about_the_model_is_not_inline_authorization(
    analyze: Analyze, body: str
) -> None:
    source = controller(action(body, "show", "Request $request, Order $order"))

    assert of(analyze(source, CONTROLLER), "controller-authorization") == []


# --- framework scaffolding ----------------------------------------------------------------------

BREEZE_LOGIN = (
    "if (! Auth::attempt($request->only('email', 'password'), $request->boolean('remember'))) {\n"
    "    $user = User::where('email', $request->email)->where('active', 1)"
    "->whereNull('banned_at')->first();\n"
    "    foreach ($user?->sessions ?? [] as $session) {\n        $session->touch();\n    }\n"
    "}\nreturn redirect()->intended('/dashboard');"
)


@pytest.mark.parametrize(
    ("cls", "path"),
    [
        (
            "AuthenticatedSessionController",
            "app/Http/Controllers/Auth/AuthenticatedSessionController.php",
        ),
        ("LoginController", "app/Http/Controllers/Auth/LoginController.php"),
    ],
)
def test_scaffolded_auth_controllers_are_left_alone(analyze: Analyze, cls: str, path: str) -> None:
    source = controller(action(BREEZE_LOGIN, "store"), cls=cls).replace(
        "declare(strict_types=1);\n\n", ""
    )

    result = analyze(source, path)

    codes = {"controller-query", "controller-logic", "missing-strict-types"}
    assert [f for f in result.findings if f.code in codes] == []


def test_the_projects_own_auth_controller_is_reviewed(analyze: Analyze) -> None:
    source = controller(action(BREEZE_LOGIN, "store"), cls="GitHubLoginController")

    result = analyze(source, "app/Http/Controllers/Auth/GitHubLoginController.php")

    assert {f.code for f in result.findings} >= {"controller-query", "controller-logic"}


@pytest.mark.parametrize(
    "path",
    [
        "app/Http/Controllers/Controller.php",
        "tests/TestCase.php",
        "app/Actions/Fortify/CreateNewUser.php",
        "database/migrations/0001_01_01_000000_create_users_table.php",
        "database/migrations/2014_10_12_000000_create_users_table.php",
    ],
)
def test_skeleton_files_get_no_strict_types_nit(analyze: Analyze, path: str) -> None:
    source = "<?php\n\nnamespace App;\n\nabstract class Controller\n{\n}\n"

    assert of(analyze(source, path), "missing-strict-types") == []


def test_a_migration_of_the_project_still_gets_the_nit(analyze: Analyze) -> None:
    source = "<?php\n\nnamespace App;\n\nclass CreateOrdersTable\n{\n}\n"
    path = "database/migrations/2024_05_01_000000_create_orders_table.php"

    assert len(of(analyze(source, path), "missing-strict-types")) == 1
