"""The subcommands beside the review itself: baseline, init, rules and explain."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from reviewer.config.options import FailOn, Overrides
from reviewer.errors import ExitCode, ReviewError
from reviewer.model import Category


class CatalogFormat(enum.Enum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


STARTER = """\
# Settings for `review` (the senior-review package); every key is optional.
exclude = ["migrations/*", "*/generated/*"]
fail-on = "major"            # blocker, major, minor, nit or never
# max-comments = 30
# brief = true               # markdown and html write-ups lead with what matters (--full)
# voice = "peer"             # mentor explains the principle; peer is short
# disable = ["mypy"]         # analyzers to leave out
# timeout = 300              # seconds per analyzer

[thresholds]
max-complexity = 10
max-args = 5

[rules]
# missing-docstring = "off"  # or blocker, major, minor, nit
"""
# There are no release tags: `rev: main` runs as written, and `pre-commit autoupdate --freeze`
# pins it to that commit's full SHA (pre-commit's own answer for a repository without tags).
HOOK = """\
repos:
  - repo: https://github.com/OWNER/review  # this repository's address
    rev: main  # `pre-commit autoupdate --freeze` pins it to a commit
    hooks:
      - id: review
        # args: [--fail-on, blocker]
"""

subcommands = typer.Typer(
    add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None
)


@subcommands.command()
def baseline(
    paths: Annotated[list[str] | None, typer.Argument(help="Files or folders to review.")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write it.")] = Path(
        ".review-baseline.json"
    ),
) -> None:
    """Record every current comment, so that later runs report only what is new."""
    from reviewer.cli.output import write_output
    from reviewer.cli.session import configure, refuse_to_overwrite_sources, review_only
    from reviewer.pipeline.baseline import baseline_json

    overrides = Overrides(paths=tuple(paths or ()), fail_on=FailOn.NEVER, no_baseline=True)
    try:
        config = configure(overrides)
        refuse_to_overwrite_sources(str(output), config.paths, what="baseline")
        review = review_only(config)
        write_output(output, baseline_json(review.comments))
    except (ReviewError, OSError) as error:
        typer.echo(f"review: error: {error}", err=True)
        raise typer.Exit(ExitCode.USAGE) from None
    places = sum(len(c.occurrences) for c in review.comments)
    typer.echo(f"Wrote {places} places ({len(review.comments)} comments) to {output}.")


@subcommands.command()
def init() -> None:
    """Write a starter `.reviewer.toml` here and print a pre-commit snippet."""
    target = Path(".reviewer.toml")
    try:
        _create(target, STARTER)
    except FileExistsError:
        typer.echo(f"review: error: {target} already exists; it was left as it is", err=True)
        raise typer.Exit(ExitCode.USAGE) from None
    except OSError as error:
        reason = error.strerror or error
        typer.echo(f"review: error: cannot write {target}: {reason}", err=True)
        raise typer.Exit(ExitCode.USAGE) from None
    typer.echo(f"Wrote {target}. To run review on every commit, add to .pre-commit-config.yaml:\n")
    typer.echo(HOOK)


def _create(target: Path, text: str) -> None:
    """Create a new file: a link planted at its name is not followed ("x" mode, O_EXCL), and
    a write that fails leaves no half file behind."""
    with target.open("x", encoding="utf-8") as stream:
        try:
            stream.write(text)
            stream.flush()
        except OSError:
            target.unlink(missing_ok=True)
            raise


@subcommands.command()
def rules(
    category: Annotated[
        list[Category] | None, typer.Option("--category", "-c", help="Only this category.")
    ] = None,
    output_format: Annotated[
        CatalogFormat, typer.Option("--format", "-f", help="Output format.")
    ] = CatalogFormat.TEXT,
) -> None:
    """List the rule catalog: id, category, principle, severity, title and sources."""
    from reviewer.catalog.rules import load_catalog
    from reviewer.catalog.views import rules_json, rules_markdown, rules_text

    chosen = [r for r in load_catalog().rules.values() if not category or r.category in category]
    views = {
        CatalogFormat.TEXT: rules_text,
        CatalogFormat.JSON: rules_json,
        CatalogFormat.MARKDOWN: rules_markdown,
    }
    typer.echo(views[output_format](chosen), nl=False)


@subcommands.command()
def explain(
    rule_id: Annotated[
        str,
        typer.Argument(
            help="A rule id (sql-injection) or an analyzer's code (S608, B608, ruff:S608, "
            "mypy:arg-type)."
        ),
    ],
) -> None:
    """Why a rule matters, how to address it, an example, and references."""
    from reviewer.catalog.rules import load_catalog
    from reviewer.catalog.views import explained

    try:
        found = load_catalog().resolve(rule_id)
    except ReviewError as error:
        typer.echo(f"review: error: {error}", err=True)
        raise typer.Exit(ExitCode.USAGE) from None
    typer.echo(explained(rule_id, found), nl=False)


cache = typer.Typer(help="The result cache.")
subcommands.add_typer(cache, name="cache")


@cache.command("clear")
def cache_clear(
    cache_dir: Annotated[Path, typer.Option(help="The cache folder.")] = Path(".review_cache"),
) -> None:
    """Remove the result cache (and mypy's incremental cache inside it)."""
    import os
    import shutil

    if not os.path.lexists(cache_dir):
        typer.echo(f"No cache at {cache_dir}.")
        return
    if not _looks_like_cache(cache_dir):
        typer.echo(f"review: error: {cache_dir} is not a cache review made; left as is", err=True)
        raise typer.Exit(ExitCode.USAGE)
    try:
        shutil.rmtree(cache_dir)
    except OSError as error:
        typer.echo(f"review: error: cannot remove {cache_dir}: {error.strerror or error}", err=True)
        raise typer.Exit(ExitCode.USAGE) from None
    typer.echo(f"Removed {cache_dir}.")


def _looks_like_cache(folder: Path) -> bool:
    """Only a folder review made (its tag sealed with this user's key), an empty one, or an
    earlier review's unsealed cache: never a link, never a folder of the user's files."""
    from reviewer.cache.folder import clearable

    return clearable(folder)
