"""The files `laravel new` writes are Laravel's: the skeleton's own migrations get no migration
comments, and the skeleton files a project keeps (User.php, AppServiceProvider.php, the example
tests) get no strict-types nit, while the project's own files still do."""

from __future__ import annotations

import pytest

from tests.php.helpers import Analyze, of

# Laravel 11's default users migration: `sessions.user_id` is Laravel's unconstrained column.
SKELETON_USERS_MIGRATION = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up(): void
    {
        Schema::create('sessions', function (Blueprint $table) {
            $table->string('id')->primary();
            $table->foreignId('user_id')->nullable()->index();
            $table->longText('payload');
        });
    }
};
"""
SKELETON_PROVIDER = """<?php

namespace App\\Providers;

use Illuminate\\Support\\ServiceProvider;

class AppServiceProvider extends ServiceProvider
{
    public function register(): void
    {
        //
    }
}
"""


def test_the_skeletons_sessions_migration_gets_no_foreign_key_comment(analyze: Analyze) -> None:
    path = "database/migrations/0001_01_01_000000_create_users_table.php"

    result = analyze(SKELETON_USERS_MIGRATION, path)

    assert of(result, "unconstrained-foreign-key") == []


def test_the_same_column_in_a_projects_migration_is_flagged(analyze: Analyze) -> None:
    path = "database/migrations/2025_05_30_091426_create_sessions_table.php"

    result = analyze(SKELETON_USERS_MIGRATION, path)

    assert len(of(result, "unconstrained-foreign-key")) == 1


@pytest.mark.parametrize(
    "path",
    [
        "app/Providers/AppServiceProvider.php",
        "app/Models/User.php",
        "tests/Feature/ExampleTest.php",
        "tests/Unit/ExampleTest.php",
        "database/seeders/DatabaseSeeder.php",
    ],
)
def test_kept_skeleton_files_get_no_strict_types_nit(analyze: Analyze, path: str) -> None:
    assert of(analyze(SKELETON_PROVIDER, path), "missing-strict-types") == []


def test_a_provider_the_project_added_still_gets_the_nit(analyze: Analyze) -> None:
    path = "app/Providers/RepositoryServiceProvider.php"

    assert len(of(analyze(SKELETON_PROVIDER, path), "missing-strict-types")) == 1
