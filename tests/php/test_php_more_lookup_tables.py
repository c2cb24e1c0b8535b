"""A lookup table's natural key: a table whose only column besides its id and timestamps is
`name` (the workshop's `cuisine_types`) needs a unique index on it; tables where a name is
one column among others (people, songs, books) do not."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.analyzers.php import PhpAnalyzer
from reviewer.catalog.rules import load_catalog
from reviewer.config.options import ReviewConfig
from reviewer.model import Review, Voice
from reviewer.pipeline.run import run_review
from reviewer.render.comments import make_renderer
from tests.helpers import write
from tests.php.helpers import Analyze, of

CODE = "natural-key-not-unique"
MIGRATION = "database/migrations/2024_01_01_000000_create_cuisine_types_table.php"


def migration(table: str, columns: str) -> str:
    return f"""<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{{
    public function up(): void
    {{
        Schema::create('{table}', function (Blueprint $table) {{
            $table->id();
{columns}
            $table->timestamps();
        }});
    }}
}};
"""


def test_the_name_of_a_lookup_table_without_a_unique_index_is_reported(analyze: Analyze) -> None:
    source = migration("cuisine_types", "            $table->string('name');")

    [found] = of(analyze(source, MIGRATION), CODE)
    assert found.message == (
        "`up` creates `cuisine_types` with `name` as its only column besides the id and "
        "timestamps, and no unique index on it"
    )
    assert found.location.line == 13


def test_soft_deletes_and_comments_do_not_make_it_less_of_a_lookup(analyze: Analyze) -> None:
    columns = "            $table->string('name', 100)->comment('shown on the menu');\n"
    columns += "            $table->softDeletes();"
    assert len(of(analyze(migration("allergens", columns), MIGRATION), CODE)) == 1


@pytest.mark.parametrize(
    ("table", "columns"),
    [
        ("cuisine_types", "            $table->string('name')->unique();"),
        (
            "cuisine_types",
            "            $table->string('name');\n            $table->unique('name');",
        ),
        # A name among other columns is not unique by design.
        ("people", "            $table->string('name');\n            $table->date('born_on');"),
        (
            "songs",
            "            $table->string('name');\n"
            "            $table->foreignId('album_id')->constrained()->cascadeOnDelete();",
        ),
        (
            "books",
            "            $table->string('name');\n            $table->text('description');",
        ),
        # A lookup keyed by something else.
        ("statuses", "            $table->string('label');"),
    ],
)
def test_unique_names_and_tables_with_more_than_a_name_are_not_reported(
    analyze: Analyze, table: str, columns: str
) -> None:
    assert of(analyze(migration(table, columns), MIGRATION), CODE) == []


def test_a_name_added_to_an_existing_table_is_not_a_lookup(analyze: Analyze) -> None:
    source = migration("cuisine_types", "            $table->string('name');").replace(
        "Schema::create", "Schema::table"
    )
    assert of(analyze(source, MIGRATION), CODE) == []


def reviewed(folder: Path) -> Review:
    config = ReviewConfig(paths=(str(folder),), cache_dir=None)
    return run_review(config, [PhpAnalyzer()], load_catalog(), make_renderer(Voice.PEER))


def test_the_suggestion_makes_the_lookup_name_unique(tmp_path: Path) -> None:
    write(tmp_path, MIGRATION, migration("cuisine_types", "            $table->string('name');"))

    [comment] = [
        c for c in reviewed(tmp_path).comments if c.rule.id == "php-natural-key-not-unique"
    ]
    assert comment.suggestion is not None
    assert comment.suggestion.after == "            $table->string('name')->unique();"


def test_a_slug_gets_no_suggestion_since_it_may_be_unique_per_parent(tmp_path: Path) -> None:
    write(tmp_path, MIGRATION, migration("menu_items", "            $table->string('slug');"))

    [comment] = [
        c for c in reviewed(tmp_path).comments if c.rule.id == "php-natural-key-not-unique"
    ]
    assert comment.suggestion is None
