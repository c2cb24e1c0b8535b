"""Migrations: money columns, foreign keys, natural keys and application imports."""

from __future__ import annotations

import pytest

from reviewer.languages import area_of
from reviewer.model import Area
from tests.php.helpers import Analyze, of

MIGRATION = "database/migrations/2024_01_01_000000_create_orders_table.php"


def migration(columns: str, imports: str = "") -> str:
    return f"""<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;
{imports}
return new class extends Migration
{{
    public function up(): void
    {{
        Schema::create('orders', function (Blueprint $table) {{
            $table->id();
            {columns}
            $table->timestamps();
        }});
    }}
}};
"""


def test_migrations_are_their_own_area() -> None:
    assert area_of(MIGRATION) is Area.MIGRATIONS


@pytest.mark.parametrize(
    ("column", "major"),
    [
        ("$table->float('price');", True),
        ("$table->double('total_amount');", True),
        ("$table->decimal('total');", False),
        ("$table->unsignedDecimal('delivery_fee');", False),
    ],
)
def test_money_without_exact_precision_is_reported(
    analyze: Analyze, column: str, major: bool
) -> None:
    [found] = of(analyze(migration(column), MIGRATION), "money-column")

    assert "money column `" in found.message
    assert (found.raise_to is not None) is major


@pytest.mark.parametrize(
    "column",
    [
        "$table->decimal('total', 10, 2);",
        "$table->unsignedInteger('total_cents');",
        "$table->float('latitude');",
        "$table->float('tax_rate');",
        "$table->float('length');",
    ],
)
def test_exact_money_and_other_floats_are_not_reported(analyze: Analyze, column: str) -> None:
    assert of(analyze(migration(column), MIGRATION), "money-column") == []


def test_money_floats_outside_migrations_are_not_columns(analyze: Analyze) -> None:
    source = migration("$table->float('price');")

    assert of(analyze(source, "app/Support/Schema.php"), "money-column") == []


def test_foreign_id_without_constraint_and_without_delete_rule(analyze: Analyze) -> None:
    result = analyze(
        migration(
            "$table->foreignId('restaurant_id');\n"
            "            $table->foreignId('customer_id')->constrained('users');"
        ),
        MIGRATION,
    )

    [unconstrained] = of(result, "unconstrained-foreign-key")
    [undecided] = of(result, "foreign-key-on-delete")
    assert "`restaurant_id` with no `constrained()`" in unconstrained.message
    assert "constrains `customer_id` without saying" in undecided.message


@pytest.mark.parametrize(
    "column",
    [
        "$table->foreignId('restaurant_id')->constrained()->cascadeOnDelete();",
        "$table->foreignId('courier_id')->nullable()->constrained()->nullOnDelete();",
        "$table->foreignId('user_id')->constrained()->onDelete('restrict');",
        "$table->foreignId('user_id');\n"
        "            $table->foreign('user_id')->references('id')->on('users')->onDelete('cascade');",
    ],
)
def test_decided_foreign_keys_are_not_reported(analyze: Analyze, column: str) -> None:
    result = analyze(migration(column), MIGRATION)

    assert of(result, "unconstrained-foreign-key") == []
    assert of(result, "foreign-key-on-delete") == []


def test_slug_without_unique_index_is_reported(analyze: Analyze) -> None:
    [found] = of(analyze(migration("$table->string('slug');"), MIGRATION), "natural-key-not-unique")

    assert "`slug` with no unique index" in found.message


@pytest.mark.parametrize(
    "column",
    [
        "$table->string('slug')->unique();",
        "$table->string('slug');\n            $table->unique(['restaurant_id', 'slug']);",
        "$table->string('name');\n            $table->decimal('total', 10, 2);",
    ],
)
def test_unique_natural_keys_are_not_reported(analyze: Analyze, column: str) -> None:
    assert of(analyze(migration(column), MIGRATION), "natural-key-not-unique") == []


def test_application_class_imported_into_a_migration_is_reported(analyze: Analyze) -> None:
    source = migration(
        "$table->string('status')->default(OrderStatus::Pending->value);",
        "use App\\Enums\\OrderStatus;\n",
    )

    [found] = of(analyze(source, MIGRATION), "application-class-in-migration")
    assert found.message == "This migration imports `App\\Enums\\OrderStatus` from the application"
    assert (
        of(
            analyze(migration("$table->string('status');"), MIGRATION),
            ("application-class-in-migration"),
        )
        == []
    )
