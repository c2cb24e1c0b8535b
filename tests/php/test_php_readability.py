"""Readability detectors of the PHP analyzer: complexity, length, parameters and types."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.config.thresholds import PhpThresholds
from reviewer.model import Severity
from tests.php.helpers import Analyze, of, php, run_php


def function(signature: str, body: str = "return;") -> str:
    return php(f"final class Pricing\n{{\n    {signature}\n    {{\n{body}\n    }}\n}}")


BRANCHES = "\n".join(f"if ($a === {i}) {{ $x = {i}; }}" for i in range(10))


def test_method_above_the_complexity_limit_is_reported(analyze: Analyze) -> None:
    found = of(
        analyze(function("public function fee(int $a): int", BRANCHES + "\nreturn 1;")),
        "complex-method",
    )

    assert [f.message for f in found] == ["`Pricing::fee` has a cyclomatic complexity of 11"]
    assert found[0].extras["metric"] == 11 and found[0].raise_to is None


def test_very_complex_method_is_raised_to_major(analyze: Analyze) -> None:
    body = BRANCHES + "\n" + BRANCHES.replace("$a ===", "$a && $b ===") + "\nreturn 1;"

    found = of(
        analyze(function("public function fee(int $a, int $b): int", body)), "complex-method"
    )

    assert found[0].raise_to is Severity.MAJOR


def test_every_kind_of_decision_counts(analyze: Analyze) -> None:
    body = """foreach ($a as $v) { while ($v) { $v--; } }
for ($i = 0; $i < 2; $i++) { do { $i++; } while (false); }
try { $x = $a ? 1 : 2; } catch (E $e) { $x = $b ?? 3; }
$y = match ($x) { 1 => 'a', 2 => 'b', default => 'c' };
switch ($x) { case 1: break; case 2: break; }
if ($a and $b or $c) { $z = 1; } elseif ($a || $b) { $z = 2; }
return 1;"""

    found = of(
        analyze(function("public function fee(array $a, bool $b, bool $c): int", body)),
        "complex-method",
    )

    assert found[0].extras["metric"] == 17


def test_simple_method_and_the_configured_limit(tmp_path: Path) -> None:
    path = tmp_path / "Pricing.php"
    path.write_text(
        function("public function fee(int $a): int", "if ($a) { return 1; }\nreturn 2;")
    )
    strict = PhpThresholds(max_complexity=1)

    assert of(run_php(path), "complex-method") == []
    assert len(of(run_php(path, thresholds=strict), "complex-method")) == 1


def test_long_method_is_reported(analyze: Analyze) -> None:
    body = "\n".join(f"$x{i} = {i};" for i in range(51)) + "\n// a comment is no statement"

    found = of(analyze(function("public function render(): void", body)), "long-method")

    assert [f.message for f in found] == ["`Pricing::render` runs 51 statements"]


def test_decisions_of_arrow_function_callbacks_are_the_callbacks_own(analyze: Analyze) -> None:
    columns = ",\n".join(
        f"Column::make('c{i}')->format(fn ($s) => $s ? 'yes' : 'no')" for i in range(12)
    )
    fluent = function(
        "public static function configure(Table $t): Table", f"return $t->columns([{columns}]);"
    )

    assert of(analyze(fluent), "complex-method") == []


def test_decisions_in_a_closure_body_stay_the_methods(analyze: Analyze) -> None:
    body = "DB::transaction(function () use ($a, $x) {\n" + BRANCHES + "\n});"

    assert (
        len(of(analyze(function("public function handle(int $a): void", body)), "complex-method"))
        == 1
    )


def test_fifty_statements_are_not_long(analyze: Analyze) -> None:
    body = "\n".join(f"$x{i} = {i};" for i in range(50))

    assert of(analyze(function("public function render(): void", body)), "long-method") == []


def test_six_parameters_are_many(analyze: Analyze) -> None:
    signature = "public function fee(int $a, int $b, int $c, int $d, int $e, int ...$f): int"

    found = of(analyze(function(signature)), "many-parameters")

    assert [f.message for f in found] == ["`Pricing::fee` takes 6 parameters"]


def test_five_parameters_and_value_object_constructors_are_fine(analyze: Analyze) -> None:
    five = function("public function fee(int $a, int $b, int $c, int $d, int $e): int")
    value = php(
        "final readonly class Address\n{\n    public function __construct(public string $a, "
        "public string $b, public string $c, public string $d, public string $e, "
        "public string $f) {}\n}",
        "App\\ValueObjects",
    )

    assert of(analyze(five), "many-parameters") == []
    assert of(analyze(value, "app/ValueObjects/Address.php"), "many-parameters") == []


def test_a_value_objects_named_constructor_mirrors_its_constructor(analyze: Analyze) -> None:
    value = php(
        "final class PlaylistData\n{\n    public static function make(string $a, string $b, "
        "?string $c = null, ?string $d = null, ?string $e = null, array $f = []): self\n"
        "    {\n        return new self($a, $b, $c, $d, $e, $f);\n    }\n}",
        "App\\Values",
    )

    assert of(analyze(value, "app/Values/PlaylistData.php"), "many-parameters") == []


def test_a_constructor_that_promotes_every_parameter_declares_state(analyze: Analyze) -> None:
    promoted = function(
        "public function __construct(private Clock $clock, private Mailer $mailer, "
        "private OrderRepository $orders, private Gate $gate, private Logger $log, "
        "private readonly string $region)",
        "",
    )

    assert of(analyze(promoted), "many-parameters") == []


def test_a_controller_action_whose_parameters_are_injected_is_fine(analyze: Analyze) -> None:
    action = php(
        "final class InitialDataController extends Controller\n{\n"
        "    public function __invoke(SongRepository $songs, AlbumRepository $albums, "
        "PlaylistRepository $playlists, QueueService $queue, ThemeRepository $themes, "
        "?Authenticatable $user)\n    {\n        return [];\n    }\n\n"
        "    public function search(SongRepository $songs, string $q, int $page, int $size, "
        "string $sort, bool $desc)\n    {\n        return [];\n    }\n}",
        "App\\Http\\Controllers",
    )

    found = of(analyze(action, "app/Http/Controllers/InitialDataController.php"), "many-parameters")

    assert [f.message for f in found] == ["`InitialDataController::search` takes 6 parameters"]


def test_a_constructor_with_plain_parameters_still_has_many(analyze: Analyze) -> None:
    plain = function(
        "public function __construct(private Clock $clock, Mailer $mailer, int $a, int $b, "
        "int $c, int $d)",
        "$this->mailer = $mailer;",
    )

    assert len(of(analyze(plain), "many-parameters")) == 1


@pytest.mark.parametrize(
    ("signature", "expected"),
    [
        (
            "public function fee($distance, int $weight)",
            "no type for `$distance` and no return type",
        ),
        ("public function fee(int $distance)", "no return type"),
        ("public function fee($a, ...$rest): int", "no type for `$a`, `$rest`"),
        ("public function __construct(private $repo)", "no type for `$repo`"),
    ],
)
def test_missing_types_are_named(analyze: Analyze, signature: str, expected: str) -> None:
    found = of(analyze(function(signature)), "missing-types")

    assert [f.message for f in found] == [
        f"`Pricing::{signature.split()[2].split('(')[0]}` declares {expected}"
    ]


@pytest.mark.parametrize(
    "signature",
    [
        "public function fee(int $distance, ?Vehicle $vehicle = null): float",
        "public function __construct(private readonly Clock $clock)",
        "public function apply(int|float $amount, mixed ...$rest): static",
    ],
)
def test_fully_typed_functions_are_fine(analyze: Analyze, signature: str) -> None:
    assert of(analyze(function(signature)), "missing-types") == []


def test_closures_are_not_checked_for_types(analyze: Analyze) -> None:
    body = "$f = fn ($x) => $x * 2;\n$g = function ($y) { return $y; };"

    assert of(analyze(function("public function fee(): void", body)), "missing-types") == []


def test_file_without_strict_types_is_a_nit(analyze: Analyze) -> None:
    source = "<?php\n\nnamespace App\\Models;\n\nclass MenuItem extends Model\n{\n}\n"

    found = of(analyze(source, "app/Models/MenuItem.php"), "missing-strict-types")

    assert [(f.location.line, f.message) for f in found] == [
        (1, "`MenuItem.php` does not declare `strict_types=1`")
    ]


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("<?php\ndeclare(strict_types = 1);\n\nclass A\n{\n}\n", "app/A.php"),
        ("<?php\n\nreturn ['name' => env('APP_NAME')];\n", "config/app.php"),
        ("<?php\nRoute::get('/', fn () => view('welcome'));\n", "routes/web.php"),
        ("<h1>{{ $title }}</h1>\n", "resources/views/home.blade.php"),
        (
            "<?php\nreturn new class extends Migration\n{\n    public function up(): void {}\n};\n",
            "database/migrations/x.php",
        ),
    ],
)
def test_strict_files_and_files_without_declarations_are_fine(
    analyze: Analyze, source: str, name: str
) -> None:
    assert of(analyze(source, name), "missing-strict-types") == []
