"""Security detectors of the PHP analyzer, on real snippets."""

from __future__ import annotations

import pytest

from tests.php.helpers import Analyze, of, php

CONTROLLER = "app/Http/Controllers/OrderController.php"


def method(body: str, signature: str = "public function handle(Request $request): mixed") -> str:
    """A controller method around the statements."""
    return php(
        f"class OrderController extends Controller\n"
        f"{{\n    {signature}\n    {{\n{body}\n    }}\n}}",
        "App\\Http\\Controllers",
    )


@pytest.mark.parametrize(
    "statement",
    [
        """$rows = DB::select("SELECT * FROM orders WHERE notes LIKE '%$term%'");""",
        """$rows = DB::select('SELECT * FROM orders WHERE id = ' . $id);""",
        """$rows = DB::statement(sprintf('DELETE FROM orders WHERE id = %s', $id));""",
        """$q = Order::query()->whereRaw("status = '{$status}'")->get();""",
        """$q = Order::query()->orderByRaw($sort . ' DESC')->get();""",
        """$q = Order::query()->selectRaw("SUM($column) AS total")->get();""",
        """$q = DB::table('orders')->havingRaw("count > $min")->get();""",
        """$q = DB::raw("COUNT($column)");""",
        """$q = DB::connection('reports')->select("SELECT * FROM t WHERE a = $a");""",
        """$sql = "SELECT * FROM orders WHERE id = $id"; $rows = DB::select($sql);""",
        """$stmt = $pdo->query("SELECT * FROM orders WHERE customer = '$name'");""",
        """$rows = DB::unprepared("UPDATE orders SET status = '" . $status . "'");""",
    ],
)
def test_sql_built_from_variables_is_reported(analyze: Analyze, statement: str) -> None:
    found = of(analyze(method(statement), CONTROLLER), "raw-sql")

    assert len(found) == 1
    assert "OrderController::handle" in found[0].message
    assert found[0].extras["cwe"] == "CWE-89"


@pytest.mark.parametrize(
    "statement",
    [
        """$rows = DB::select('SELECT * FROM orders WHERE notes LIKE ?', ["%{$term}%"]);""",
        """$rows = DB::select('SELECT * FROM orders WHERE id = ' . (int) $id);""",
        """$q = Order::query()->whereRaw('status = ?', [$status])->get();""",
        """$q = Order::query()->orderByRaw('created_at DESC')->get();""",
        """$q = DB::raw('COUNT(*) AS total');""",
        """$q = DB::table('orders')->where('id', $id)->update(['status' => $status]);""",
        """$sql = 'SELECT * FROM orders WHERE id = ?'; $rows = DB::select($sql, [$id]);""",
        """$rows = $this->http->query("page=$page");""",
        """$rows = DB::select(self::REPORT_SQL, [$from, $to]);""",
    ],
)
def test_constant_sql_with_bindings_is_not_reported(analyze: Analyze, statement: str) -> None:
    assert of(analyze(method(statement), CONTROLLER), "raw-sql") == []


@pytest.mark.parametrize(
    "statement",
    [
        "Order::create($request->all());",
        "$order->fill($request->all())->save();",
        "$order->update($request->input());",
        "$this->orders->create(request()->all());",
        "Order::updateOrCreate(['id' => $id], $request->except(['_token']));",
        "$order->forceFill($_POST)->save();",
    ],
)
def test_whole_request_into_a_model_is_mass_assignment(analyze: Analyze, statement: str) -> None:
    found = of(analyze(method(statement), CONTROLLER), "mass-assignment")

    assert len(found) == 1 and "OrderController::handle" in found[0].message


@pytest.mark.parametrize(
    "statement",
    [
        "Order::create($request->validated());",
        "$order->update($request->safe()->only(['status']));",
        "$order->update(['status' => $request->input('status')]);",
        "$all = $request->all(); Log::info('payload', $all);",
        "$validator = Validator::make($request->all(), ['status' => 'required']);",
    ],
)
def test_validated_input_is_not_mass_assignment(analyze: Analyze, statement: str) -> None:
    assert of(analyze(method(statement), CONTROLLER), "mass-assignment") == []


def test_empty_guarded_is_reported_on_the_model(analyze: Analyze) -> None:
    source = php("class Order extends Model\n{\n    protected $guarded = [];\n}", "App\\Models")

    found = of(analyze(source, "app/Models/Order.php"), "unguarded-model")

    assert [(f.location.line, f.message) for f in found] == [(9, "`Order` sets `$guarded = []`")]


def test_fillable_and_guarded_ids_are_not_reported(analyze: Analyze) -> None:
    source = php(
        "class Order extends Model\n{\n    protected $fillable = ['status'];\n"
        "    protected $guarded = ['id'];\n}",
        "App\\Models",
    )

    assert of(analyze(source, "app/Models/Order.php"), "unguarded-model") == []


def test_unguard_is_reported_in_services_but_not_in_seeders(analyze: Analyze) -> None:
    body = (
        "class Importer\n{\n    public function run(): void\n"
        "    {\n        Model::unguard();\n    }\n}"
    )

    assert len(of(analyze(php(body), "app/Services/Importer.php"), "unguarded-model")) == 1
    seeder = php(body.replace("Importer", "DatabaseSeeder"), "Database\\Seeders")
    assert of(analyze(seeder, "database/seeders/DatabaseSeeder.php"), "unguarded-model") == []


@pytest.mark.parametrize(
    ("statement", "origin"),
    [
        ("$f = unserialize($request->cookie('filters'));", "request input"),
        ("$f = unserialize(base64_decode($payload));", "`base64_decode($payload)`"),
    ],
)
def test_unserialize_of_a_variable_is_reported(
    analyze: Analyze, statement: str, origin: str
) -> None:
    found = of(analyze(method(statement), CONTROLLER), "unserialize")

    assert len(found) == 1 and origin in found[0].message


@pytest.mark.parametrize(
    "statement",
    [
        "$f = unserialize($payload, ['allowed_classes' => false]);",
        "$f = unserialize('a:0:{}');",
        "$f = json_decode($request->cookie('filters'), true);",
    ],
)
def test_safe_unserialize_is_not_reported(analyze: Analyze, statement: str) -> None:
    assert of(analyze(method(statement), CONTROLLER), "unserialize") == []


def test_eval_is_reported_and_a_method_named_eval_is_not(analyze: Analyze) -> None:
    result = analyze(method('$x = eval("return $formula;");\n$y = $this->rules->eval($formula);'))

    assert [f.location.line for f in of(result, "eval")] == [11]


@pytest.mark.parametrize(
    "statement",
    [
        'shell_exec("php artisan report --restaurant=$id");',
        "exec('tar -czf ' . $name . '.tgz storage/');",
        "system($command);",
        'passthru("convert {$path} out.png");',
        "$h = popen('gzip > ' . $target, 'w');",
        '$h = proc_open("ffmpeg -i $input out.mp4", $spec, $pipes);',
        "$out = `ls $folder`;",
    ],
)
def test_shell_command_with_a_variable_is_reported(analyze: Analyze, statement: str) -> None:
    found = of(analyze(method(statement), CONTROLLER), "shell-exec")

    assert len(found) == 1 and found[0].extras["cwe"] == "CWE-78"


@pytest.mark.parametrize(
    "statement",
    [
        "shell_exec('php artisan report --restaurant=' . escapeshellarg($id));",
        "exec('ls -la storage/');",
        "$cmd = 'gzip ' . escapeshellarg($file); system($cmd);",
        "$h = proc_open(['ffmpeg', '-i', $input, 'out.mp4'], $spec, $pipes);",
        "$out = `git rev-parse HEAD`;",
        "$this->runner->exec($command);",
        "shell_exec('stty ' . ($quiet ? '-echo' : 'echo'));",
        "shell_exec(sprintf('stty %s', escapeshellarg($mode)));",
    ],
)
def test_constant_or_escaped_commands_are_not_reported(analyze: Analyze, statement: str) -> None:
    assert of(analyze(method(statement), CONTROLLER), "shell-exec") == []


@pytest.mark.parametrize(
    "statement",
    [
        "$user->password = md5($request->input('password'));",
        "$hash = sha1($password . $salt);",
        "$stored = hash('sha256', $plainPassword);",
        "$user->update(['password' => md5($secret)]);",
    ],
)
def test_fast_hash_of_a_password_is_reported(analyze: Analyze, statement: str) -> None:
    assert len(of(analyze(method(statement), CONTROLLER), "weak-password-hash")) == 1


@pytest.mark.parametrize(
    "statement",
    [
        "$etag = md5($response->getContent());",
        "$key = sha1($order->id . ':' . $order->updated_at);",
        "$user->password = Hash::make($request->input('password'));",
        "$ok = hash_equals($known, hash('sha256', $payload));",
    ],
)
def test_fast_hash_of_other_data_is_not_reported(analyze: Analyze, statement: str) -> None:
    assert of(analyze(method(statement), CONTROLLER), "weak-password-hash") == []


@pytest.mark.parametrize(
    "statement",
    [
        "$token = md5(uniqid());",
        "$user->api_token = uniqid('', true);",
        "$data = ['reset_code' => mt_rand(100000, 999999)];",
        "$otp = (string) rand(1000, 9999);",
    ],
)
def test_predictable_token_is_reported(analyze: Analyze, statement: str) -> None:
    found = of(analyze(method(statement), CONTROLLER), "insecure-token")

    assert len(found) == 1 and found[0].extras["cwe"] == "CWE-338"


def test_token_named_function_returning_mt_rand_is_reported(analyze: Analyze) -> None:
    body = "return mt_rand(100000, 999999);"
    source = method(body, "public function verificationCode(): int")

    assert len(of(analyze(source, CONTROLLER), "insecure-token")) == 1


@pytest.mark.parametrize(
    "statement",
    [
        "$token = Str::random(60);",
        "$code = random_int(100000, 999999);",
        "$delay = rand(100, 500);",
        "$items = collect($menu)->shuffle(); $pick = $items[mt_rand(0, 3)];",
    ],
)
def test_secure_or_non_token_randomness_is_not_reported(analyze: Analyze, statement: str) -> None:
    assert of(analyze(method(statement), CONTROLLER), "insecure-token") == []


def test_random_values_in_seeders_are_not_tokens(analyze: Analyze) -> None:
    source = php(
        "class DatabaseSeeder extends Seeder\n{\n    public function run(): void\n    {\n"
        "        $code = mt_rand(1, 9);\n    }\n}",
        "Database\\Seeders",
    )

    assert of(analyze(source, "database/seeders/DatabaseSeeder.php"), "insecure-token") == []


@pytest.mark.parametrize(
    "statement",
    [
        "dd($order);",
        "dump($order->toArray());",
        "var_dump($total);",
        "print_r($items);",
        "var_export($items);",
        "echo print_r($items, true);",
        "$orders = Order::query()->where('x', 1)->dd();",
        "$lines = collect($items)->dump();",
    ],
)
def test_debug_output_is_reported(analyze: Analyze, statement: str) -> None:
    assert len(of(analyze(method(statement), CONTROLLER), "debug-output")) == 1


@pytest.mark.parametrize(
    "statement",
    [
        "$text = print_r($items, true); Log::debug($text);",
        "$code = var_export($config, true);",
        "$this->exporter->dump($path);",
        "Log::debug('order', ['id' => $order->id]);",
    ],
)
def test_returned_or_logged_values_are_not_debug_output(analyze: Analyze, statement: str) -> None:
    assert of(analyze(method(statement), CONTROLLER), "debug-output") == []
