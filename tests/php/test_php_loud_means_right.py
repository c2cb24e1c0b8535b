"""Issue 16, "loud means right": what real Laravel apps do on purpose draws no loud comment.

Each case is a small file shaped like code in laravel.io, BookStack or koel, analyzed for real;
the loud ones a senior stands behind stay, at the severity a senior gives them."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.model import Severity
from tests.php.helpers import Analyze, of, php, run_php

SERVICE = "app/Services/OrderService.php"


def in_class(body: str, signature: str = "public function handle(): void") -> str:
    return php(f"class OrderService\n{{\n    {signature}\n    {{\n{body}\n    }}\n}}")


# --- SQL text: only pieces that can carry outside input ----------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        # a model's morph class and its table (BookStack PermissionApplicator)
        "$q = $query->selectRaw(\"'{$entity->getMorphClass()}' as type\")->from($entity->getTable());",
        # a table prefix from the configuration, a morph class escaped by str_replace
        "$table = DB::getTablePrefix() . 'comments';\n"
        "$morph = str_replace('\\\\', '\\\\\\\\', $model->getMorphClass());\n"
        "$raw = DB::raw('(SELECT * FROM ' . $table . \" WHERE type = '\" . $morph . \"')\");",
        # a CASE of placeholders whose values go in as bindings (BookStack SearchRunner)
        "$when = [];\n$bindings = [];\nforeach ($terms as $term) {\n"
        "    $when[] = 'WHEN term LIKE ? THEN ?';\n    $bindings[] = $term . '%';\n}\n"
        "$case = 'CASE ' . implode(' ', $when) . ' END';\n"
        "$q = $query->selectRaw($case . ' as term', $bindings);",
        # a number cast and an operator picked from a whitelist by another object
        "$parts = $option->getParts();\n$value = (float) trim($parts['value']);\n"
        "$q = $query->whereRaw(\"value {$parts['operator']} {$value}\");",
        "$q = DB::select('SELECT * FROM ' . $this->table . ' WHERE id = ?', [$id]);",
        "$q = DB::select('SELECT * FROM ' . config('audit.table') . ' LIMIT 5');",
        "$q = DB::select('SELECT * FROM t WHERE kind = ' . self::KIND);",
    ],
)
def test_sql_built_from_the_codes_own_values_is_not_injection(analyze: Analyze, body: str) -> None:
    signature = "public function handle(Builder $query, Entity $model, array $terms): void"
    assert of(analyze(in_class(body, signature)), "raw-sql") == []


@pytest.mark.parametrize(
    ("signature", "body"),
    [
        (
            "public function search(string $column): array",
            'return DB::select("SELECT * FROM orders ORDER BY {$column}");',
        ),
        ("public function search($term): array", "return DB::select('SELECT ' . $term);"),
        (
            "public function search(Request $request): array",
            "$sort = $request->input('sort');\n"
            "return DB::select('SELECT * FROM orders ORDER BY ' . strtolower($sort));",
        ),
        (
            "public function search(array $columns): array",
            "foreach ($columns as $column) {\n"
            '    $rows[] = DB::select("SELECT {$column} FROM orders");\n}\nreturn $rows;',
        ),
        (
            "public function search(): array",
            "return DB::select(\"SELECT * FROM orders WHERE id = {$_GET['id']}\");",
        ),
    ],
)
def test_sql_built_from_parameters_or_request_input_is_injection(
    analyze: Analyze, signature: str, body: str
) -> None:
    assert len(of(analyze(in_class(body, signature)), "raw-sql")) == 1


# --- writes without a transaction: one path, real relations, helpers inside one -----------------


@pytest.mark.parametrize(
    "body",
    [
        # laravel.io DeleteReply: one of two branches runs
        "if ($this->reply->isAuthoredBy($user)) {\n"
        "    $this->reply->update(['deleted_at' => now()]);\n} else {\n"
        "    $this->reply->forceDelete();\n}",
        "$saved = $ok ? $order->save() : $order->delete();",
        "if ($order->isPaid()) {\n    $order->delete();\n    return;\n}\n$order->save();",
        # laravel.io EmbedProcessor: a CommonMark node's detach(), not a relation
        "foreach ($embeds as $embed) {\n    $embed->detach();\n}",
    ],
)
def test_writes_that_cannot_both_happen_need_no_transaction(analyze: Analyze, body: str) -> None:
    assert of(analyze(in_class(body)), "missing-transaction") == []


def test_a_helper_only_called_inside_a_transaction_is_protected(analyze: Analyze) -> None:
    source = php(
        """class UserService
{
    public function register(array $data): User
    {
        return DB::transaction(fn (): User => $this->createWithRoles($data));
    }

    private function createWithRoles(array $data): User
    {
        $user = User::create($data);
        $user->roles()->sync($data['roles']);

        return $user;
    }

    private function rename(User $user): void
    {
        $user->save();
        $user->profile()->update(['name' => $user->name]);
    }
}"""
    )
    found = of(analyze(source, "app/Services/UserService.php"), "missing-transaction")

    assert [f.message.split(" writes")[0] for f in found] == ["`UserService::rename`"]


def test_a_thread_saved_with_its_tags_is_still_reported(analyze: Analyze) -> None:
    body = "$thread->save();\n$thread->tagsRelation()->sync($tags);"
    found = of(analyze(in_class(body)), "missing-transaction")

    assert len(found) == 1 and found[0].raise_to is None


# --- empty catches that say why ------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        # BookStack Saml2Controller: the catch leaves the default the next lines handle
        "$response = null;\ntry {\n    $response = decrypt(cache()->pull($key));\n"
        "} catch (\\Exception $e) {\n}\nif (empty($response)) {\n    abort(403);\n}",
        # koel ParallelScanStrategy: a comment ends the try block
        "try {\n    $process->stop(1);\n\n    // the process may already be gone\n"
        "} catch (Throwable) {\n}",
        "try {\n    $process->stop(1);\n} catch (Throwable) {\n    // already stopped\n}",
    ],
)
def test_deliberate_empty_catches_are_not_reported(analyze: Analyze, body: str) -> None:
    assert of(analyze(in_class(body)), "empty-catch") == []


def test_an_empty_catch_that_hides_a_failure_is_reported(analyze: Analyze) -> None:
    body = "try {\n    $this->payments->charge($order);\n} catch (\\Exception $e) {\n}\n$order->save();"

    assert len(of(analyze(in_class(body)), "empty-catch")) == 1


# --- N+1: only loops over rows ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        # BookStack TrashCan: one count per entity type
        "foreach ((new EntityProvider())->all() as $key => $instance) {\n"
        "    $query = $instance->newQuery();\n    $counts[$key] = $query->onlyTrashed()->count();\n}",
        "foreach ([Page::class, Book::class] as $class) {\n"
        "    $counts[$class] = $class::query()->count();\n}",
        "foreach (self::TYPES as $type) {\n"
        "    $counts[$type] = Order::where('type', $type)->count();\n}",
        # batched inserts (BookStack ReferenceStore, SearchIndex)
        "foreach (array_chunk($rows, 1000) as $chunk) {\n    Reference::query()->insert($chunk);\n}",
        "$grouped = $items->groupBy('type');\nforeach ($grouped as $type => $group) {\n"
        "    Favorite::query()->where('type', $type)->whereIn('id', $group->pluck('id'))->delete();\n}",
    ],
)
def test_loops_over_types_fixed_lists_and_batches_are_not_n_plus_one(
    analyze: Analyze, body: str
) -> None:
    assert of(analyze(in_class(body)), "query-in-loop") == []


def test_a_query_per_row_is_still_reported(analyze: Analyze) -> None:
    body = "foreach ($songs as $song) {\n    $albums[] = Album::find($song->album_id);\n}"

    assert len(of(analyze(in_class(body)), "query-in-loop")) == 1


# --- exit: loud in request code, quiet in commands, silent where explained ------------------------


def test_exit_in_request_code_is_raised_to_major(analyze: Analyze) -> None:
    found = of(analyze(in_class("echo 'stop';\nexit(1);")), "exit")

    assert len(found) == 1 and found[0].raise_to is Severity.MAJOR


def test_exit_in_an_artisan_command_stays_minor(analyze: Analyze) -> None:
    source = php(
        """class ReleaseCommand extends Command
{
    public function handle(): int
    {
        if ($this->dirty()) {
            $this->error('Working directory is not clean.');

            exit(self::FAILURE);
        }

        return self::SUCCESS;
    }
}""",
        "App\\Console\\Commands",
    )
    found = of(analyze(source, "app/Console/Commands/ReleaseCommand.php"), "exit")

    assert len(found) == 1 and found[0].raise_to is None


@pytest.mark.parametrize(
    "body",
    [
        # koel PhpStreamerAdapter: the reason is written above the exit
        "$this->streamLocalPath($path);\n\n"
        "// exit here so the framework sends no more headers (#2054)\nexit();",
        "header('Content-Type: audio/mpeg');\nreadfile($path);\nexit;",
    ],
)
def test_exit_after_streaming_or_with_its_reason_is_not_reported(
    analyze: Analyze, body: str
) -> None:
    assert of(analyze(in_class(body)), "exit") == []


# --- mass assignment: minor where Laravel's guard holds, major where nothing does ----------------

CONTROLLER = "app/Http/Controllers/PageController.php"


def controller(statement: str, extra: str = "") -> str:
    return php(
        "class PageController extends Controller\n{\n"
        f"{extra}    public function update(Request $request, Page $page): Response\n"
        f"    {{\n        {statement}\n        return back();\n    }}\n}}",
        "App\\Http\\Controllers",
    )


def test_whole_input_to_a_guarded_model_is_a_minor(analyze: Analyze) -> None:
    found = of(
        analyze(controller("$this->pages->update($page, $request->all());"), CONTROLLER),
        "mass-assignment",
    )

    assert len(found) == 1 and found[0].raise_to is None


@pytest.mark.parametrize(
    ("statement", "extra"),
    [
        ("$page->forceFill($request->all())->save();", ""),
        ("Page::unguard();\n        $page->update($request->all());", ""),
    ],
)
def test_whole_input_where_nothing_guards_is_major(
    analyze: Analyze, statement: str, extra: str
) -> None:
    found = of(analyze(controller(statement, extra), CONTROLLER), "mass-assignment")

    assert len(found) == 1 and found[0].raise_to is Severity.MAJOR


@pytest.mark.parametrize(
    "body",
    [
        # BookStack AttachmentService: each row gets its own order
        "foreach ($order as $index => $id) {\n"
        "    Attachment::query()->where('id', '=', $id)->update(['order' => $index]);\n}",
        "$position = 1;\nforeach ($ids as $id) {\n"
        "    Favorite::query()->where('id', $id)->update(['position' => $position++]);\n}",
    ],
)
def test_a_write_of_per_row_values_is_not_n_plus_one(analyze: Analyze, body: str) -> None:
    assert of(analyze(in_class(body)), "query-in-loop") == []


def test_the_same_write_for_every_row_is_n_plus_one(analyze: Analyze) -> None:
    body = "foreach ($ids as $id) {\n    Order::query()->where('id', $id)->update(['paid' => true]);\n}"

    assert len(of(analyze(in_class(body)), "query-in-loop")) == 1


# --- mass assignment across files: the model's own guard decides ---------------------------------


def model(name: str, guard: str) -> str:
    return php(f"class {name} extends Model\n{{\n    {guard}\n}}", "App\\Models")


ORDER_CONTROLLER = php(
    """use App\\Models\\Order;

class OrderController extends Controller
{
    public function store(Request $request): JsonResponse
    {
        return response()->json(Order::create($request->all()), 201);
    }

    public function update(Request $request, Order $order): JsonResponse
    {
        $order->update($request->all());

        return response()->json($order);
    }
}""",
    "App\\Http\\Controllers",
)


@pytest.mark.parametrize(
    ("guard", "raised"),
    [
        ("protected $guarded = [];", Severity.MAJOR),
        ("protected $guarded = ['id'];", Severity.MAJOR),
        ("protected $fillable = ['customer_id', 'notes'];", None),
        ("protected $guarded = ['*'];", None),
        ("public $timestamps = false;", None),
    ],
)
def test_the_models_own_guard_sets_the_severity(
    tmp_path: Path, guard: str, raised: Severity | None
) -> None:
    controller_path = tmp_path / "app/Http/Controllers/OrderController.php"
    model_path = tmp_path / "app/Models/Order.php"
    for path, source in ((controller_path, ORDER_CONTROLLER), (model_path, model("Order", guard))):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")

    found = of(run_php(controller_path, model_path), "mass-assignment")

    assert [f.raise_to for f in found] == [raised, raised]


def test_unguard_in_a_provider_opens_every_model(tmp_path: Path) -> None:
    provider = php(
        "class AppServiceProvider extends ServiceProvider\n{\n"
        "    public function boot(): void\n    {\n        Model::unguard();\n    }\n}",
        "App\\Providers",
    )
    paths = {
        "app/Http/Controllers/OrderController.php": ORDER_CONTROLLER,
        "app/Providers/AppServiceProvider.php": provider,
    }
    for name, source in paths.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(source, encoding="utf-8")

    found = of(run_php(*(tmp_path / name for name in paths)), "mass-assignment")

    assert [f.raise_to for f in found] == [Severity.MAJOR, Severity.MAJOR]
    assert "`unguard()` turns the guard off" in found[0].message


@pytest.mark.parametrize(
    "body",
    [
        "$rows = DB::select('SELECT * FROM t ORDER BY ' . $this->request->get('sort'));",
        "$rows = DB::select('SELECT * FROM t WHERE name = \"' . request('name') . '\"');",
    ],
)
def test_request_input_kept_on_the_object_is_still_outside_input(
    analyze: Analyze, body: str
) -> None:
    assert len(of(analyze(in_class(body)), "raw-sql")) == 1
