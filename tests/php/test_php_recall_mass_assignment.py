"""Mass assignment: the whole request through a variable, and models created from attributes
that declare no `$fillable` (Laravel throws), with the attributes Laravel 12 reads too."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.model import AnalyzerResult
from tests.php.helpers import Analyze, of, php, run_php

CONTROLLER = "app/Http/Controllers/CuisineController.php"


def controller(body: str) -> str:
    return php(
        f"""
use App\\Models\\CuisineType;
use Illuminate\\Http\\JsonResponse;
use Illuminate\\Http\\Request;

final class CuisineController extends Controller
{{
    public function store(Request $request): JsonResponse
    {{
        {body}

        return response()->json([], 201);
    }}
}}
""",
        "App\\Http\\Controllers",
    )


def model(declaration: str = "", attributes: str = "") -> str:
    return php(
        f"""
use Illuminate\\Database\\Eloquent\\Model;

{attributes}
class CuisineType extends Model
{{
    {declaration}
}}
""",
        "App\\Models",
    )


def run(tmp_path: Path, body: str, declared: str = "", attributes: str = "") -> AnalyzerResult:
    paths = []
    for name, source in (
        (CONTROLLER, controller(body)),
        ("app/Models/CuisineType.php", model(declared, attributes)),
    ):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
        paths.append(path)
    result = run_php(*paths)
    assert result.errors == ()
    return result


@pytest.mark.parametrize(
    "body",
    [
        "$data = $request->all(); CuisineType::create($data);",
        "$attributes = $request->except(['_token']); $cuisine = new CuisineType(); "
        "$cuisine->fill($attributes)->save();",
        "$payload = array_merge($request->all(), ['slug' => 'x']); CuisineType::create($payload);",
    ],
)
def test_whole_request_through_a_variable_is_mass_assignment(analyze: Analyze, body: str) -> None:
    found = of(analyze(controller(body), CONTROLLER), "mass-assignment")

    assert len(found) == 1
    assert "`CuisineController::store` passes `$" in found[0].message
    assert "(`" in found[0].message


@pytest.mark.parametrize(
    "body",
    [
        "$data = $request->validate(['name' => 'required']); CuisineType::create($data);",
        "$data = $request->all(); Log::info('payload', $data); "
        "CuisineType::create(['name' => $request->string('name')]);",
        "$data = $request->only(['name']); CuisineType::create($data);",
    ],
)
def test_named_fields_through_a_variable_are_not_mass_assignment(
    analyze: Analyze, body: str
) -> None:
    assert of(analyze(controller(body), CONTROLLER), "mass-assignment") == []


def test_create_on_a_model_without_fillable_is_reported(tmp_path: Path) -> None:
    result = run(tmp_path, "CuisineType::create(['name' => 'Thai', 'slug' => 'thai']);")

    [found] = of(result, "no-fillable")
    assert "`CuisineType::create`" in found.message
    assert "`CuisineType` declares no `$fillable`" in found.message


@pytest.mark.parametrize(
    ("declared", "attributes"),
    [
        ("protected $fillable = ['name', 'slug'];", ""),
        ("protected $guarded = ['id'];", ""),
        ("", "#[\\Illuminate\\Database\\Eloquent\\Attributes\\Fillable(['name', 'slug'])]"),
        ("", "#[\\Illuminate\\Database\\Eloquent\\Attributes\\Guarded(['id'])]"),
        ("protected static $unguarded = true;", ""),
    ],
)
def test_create_on_a_model_that_declares_its_guard_is_not_reported(
    tmp_path: Path, declared: str, attributes: str
) -> None:
    result = run(tmp_path, "CuisineType::create(['name' => 'Thai']);", declared, attributes)

    assert of(result, "no-fillable") == []


def test_create_without_attributes_force_create_and_seeders_are_not_reported(
    tmp_path: Path,
) -> None:
    result = run(
        tmp_path,
        "CuisineType::forceCreate(['name' => 'Thai']); $blank = CuisineType::create();",
    )
    seeder = tmp_path / "database/seeders/CuisineSeeder.php"
    seeder.parent.mkdir(parents=True)
    seeder.write_text(
        php(
            """
use App\\Models\\CuisineType;
use Illuminate\\Database\\Seeder;

final class CuisineSeeder extends Seeder
{
    public function run(): void
    {
        CuisineType::create(['name' => 'Thai']);
    }
}
""",
            "Database\\Seeders",
        ),
        encoding="utf-8",
    )
    seeded = run_php(seeder, tmp_path / "app/Models/CuisineType.php")

    assert of(result, "no-fillable") == []
    assert of(seeded, "no-fillable") == []


def test_a_same_named_class_elsewhere_is_not_the_model(tmp_path: Path) -> None:
    body = (
        "$state = \\App\\Values\\CuisineType::make(['name' => 'Thai']);"
        " CuisineType::query()->count();"
    )
    result = run(tmp_path, body)

    assert of(result, "no-fillable") == []
