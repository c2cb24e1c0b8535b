"""Praise for feature tests: rows from model factories, a request through the application, an
assertion on the response; unit tests and tests without factories earn nothing."""

from __future__ import annotations

from pathlib import Path

from tests.php.helpers import php
from tests.php.test_php_praise_project import praise_of, run_project

TEST = "tests/Feature/CuisineTypeApiTest.php"


def feature_test(body: str) -> str:
    return php(
        f"""
use App\\Models\\CuisineType;
use Illuminate\\Foundation\\Testing\\RefreshDatabase;
use Tests\\TestCase;

final class CuisineTypeApiTest extends TestCase
{{
    use RefreshDatabase;

{body}
}}
""",
        "Tests\\Feature",
    )


LISTS = """
    public function test_can_list_cuisine_types(): void
    {
        CuisineType::factory()->createMany([['name' => 'Italian'], ['name' => 'Mexican']]);

        $response = $this->getJson('/api/cuisine-types');

        $response->assertStatus(200)->assertJsonFragment(['name' => 'Italian']);
    }
"""


def test_a_feature_test_on_factory_rows_is_praised_naming_its_request(tmp_path: Path) -> None:
    result = run_project(tmp_path, {TEST: feature_test(LISTS)})

    [praise] = praise_of(result, "praise-feature-test")
    assert praise.message == (
        "`CuisineTypeApiTest::test_can_list_cuisine_types` builds its rows with "
        "`CuisineType::factory()`, sends `getJson('/api/cuisine-types')` through the "
        "application and asserts on the response (`RefreshDatabase` gives each test a fresh "
        "database)."
    )
    assert praise.location.path.endswith(TEST)


def test_a_request_test_without_factories_is_not(tmp_path: Path) -> None:
    body = """
    public function test_the_home_page_loads(): void
    {
        $this->get('/')->assertOk();
    }
"""
    result = run_project(tmp_path, {TEST: feature_test(body)})

    assert praise_of(result, "praise-feature-test") == []


def test_a_factory_without_a_request_is_a_unit_test_not_praised_here(tmp_path: Path) -> None:
    body = """
    public function test_a_cuisine_has_a_name(): void
    {
        $cuisine = CuisineType::factory()->make(['name' => 'Thai']);

        $this->assertSame('Thai', $cuisine->name);
    }
"""
    result = run_project(tmp_path, {TEST: feature_test(body)})

    assert praise_of(result, "praise-feature-test") == []


def test_application_code_calling_factories_and_get_is_no_test(tmp_path: Path) -> None:
    seeder_like = php(
        """
use App\\Models\\CuisineType;

final class CuisineImporter
{
    public function run(): void
    {
        CuisineType::factory()->count(3)->create();
        $this->get('/health')->assertOk();
    }
}
""",
        "App\\Services",
    )

    result = run_project(tmp_path, {"app/Services/CuisineImporter.php": seeder_like})

    assert praise_of(result, "praise-feature-test") == []
