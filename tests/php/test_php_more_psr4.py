"""A class Composer cannot autoload: its namespace or its name does not match where the PSR-4
map of composer.json looks for it. Without composer.json, or outside the mapped folders,
nothing is said."""

from __future__ import annotations

import json
from pathlib import Path

from reviewer.model import AnalyzerResult
from tests.php.helpers import of, php, run_php

CODE = "autoload-mismatch"
COMPOSER = {
    "autoload": {"psr-4": {"App\\": "app/", "Database\\Seeders\\": "database/seeders/"}},
    "autoload-dev": {"psr-4": {"Tests\\": "tests/"}},
}
SERVICE = "final class StripeGateway\n{\n}\n"


def project(tmp_path: Path, files: dict[str, str], *, composer: bool = True) -> AnalyzerResult:
    if composer:
        (tmp_path / "composer.json").write_text(json.dumps(COMPOSER), encoding="utf-8")
    paths = []
    for name, source in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
        paths.append(path)
    result = run_php(*paths)
    assert result.errors == ()
    return result


def test_a_namespace_that_does_not_follow_the_folder_is_reported(tmp_path: Path) -> None:
    source = php(SERVICE, "App\\Services")
    result = project(tmp_path, {"app/Services/Payments/StripeGateway.php": source})

    [found] = of(result, CODE)
    assert found.message == (
        "`StripeGateway` declares the namespace `App\\Services` but sits in "
        "`app/Services/Payments/`, where the PSR-4 map of composer.json looks for "
        "`App\\Services\\Payments`"
    )
    assert found.location.line == 5


def test_a_folder_spelled_in_another_case_is_reported(tmp_path: Path) -> None:
    source = php(SERVICE, "App\\Services\\Payments")
    result = project(tmp_path, {"app/Services/payments/StripeGateway.php": source})

    [found] = of(result, CODE)
    assert "looks for `App\\Services\\payments`" in found.message


def test_a_file_named_otherwise_than_its_class_is_reported(tmp_path: Path) -> None:
    source = php(SERVICE, "App\\Services")
    result = project(tmp_path, {"app/Services/Stripe.php": source})

    [found] = of(result, CODE)
    assert found.message == (
        "`StripeGateway` is declared in `Stripe.php`: Composer's PSR-4 autoloader looks for it "
        "in `StripeGateway.php`"
    )


def test_a_class_without_a_namespace_under_app_is_reported(tmp_path: Path) -> None:
    source = "<?php\n\ndeclare(strict_types=1);\n\nfinal class StripeGateway\n{\n}\n"
    result = project(tmp_path, {"app/Services/StripeGateway.php": source})

    [found] = of(result, CODE)
    assert "declares no namespace" in found.message


def test_classes_where_composer_looks_for_them_are_not_reported(tmp_path: Path) -> None:
    files = {
        "app/Services/Payments/StripeGateway.php": php(SERVICE, "App\\Services\\Payments"),
        "database/seeders/OrderSeeder.php": php(
            "final class OrderSeeder extends Seeder\n{\n}\n", "Database\\Seeders"
        ),
        "tests/Unit/StripeGatewayTest.php": php(
            "final class StripeGatewayTest extends TestCase\n{\n}\n", "Tests\\Unit"
        ),
        # Migrations and route files are not PSR-4 classes.
        "database/migrations/2024_01_01_000000_create_orders_table.php": (
            "<?php\n\nreturn new class extends Migration\n{\n};\n"
        ),
        "routes/api.php": "<?php\n\nRoute::get('/orders', fn () => []);\n",
    }
    assert of(project(tmp_path, files), CODE) == []


def test_without_composer_json_nothing_is_said(tmp_path: Path) -> None:
    source = php(SERVICE, "App\\Services")
    result = project(tmp_path, {"app/Services/Payments/StripeGateway.php": source}, composer=False)

    assert of(result, CODE) == []


def test_a_project_mapping_its_own_prefix_is_read(tmp_path: Path) -> None:
    (tmp_path / "composer.json").write_text(
        json.dumps({"autoload": {"psr-4": {"BookStack\\": "app/"}}}), encoding="utf-8"
    )
    files = {
        "app/Entities/Models/Page.php": php(
            "final class Page\n{\n}\n", "BookStack\\Entities\\Models"
        ),
        "app/Entities/Tools/PageEditor.php": php(
            "final class PageEditor\n{\n}\n", "BookStack\\Entities"
        ),
    }
    [found] = of(project(tmp_path, files, composer=False), CODE)
    assert "`PageEditor` declares the namespace `BookStack\\Entities`" in found.message
