"""The `review` command line (Typer): parsing and wiring only; heavy imports wait for a run."""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

import typer

from reviewer import __version__
from reviewer.cli.interrupts import Interrupted, stopped
from reviewer.config.options import DiffMode, FailOn, OutputFormat, Overrides, ReviewConfig
from reviewer.errors import ExitCode, ReviewError
from reviewer.formats import format_record
from reviewer.languages import titles
from reviewer.model import Category, Severity, Voice

# Click rewraps epilog paragraphs; "\b" keeps the next one's lines as written.
COMMANDS_HELP = """Commands (review COMMAND --help says more):

\b
  baseline  Record today's comments; later runs report only new ones.
  init      Write a starter .reviewer.toml and print a pre-commit snippet.
  rules     List the rules: id, category, severity, title.
  explain   Explain a rule, or an analyzer's code such as S608.
  cache     Clear the result cache (review cache clear)."""

app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=f"Review {titles()} code like a senior engineer: specific, kind, and honest about "
    "how much each point matters. Also: `review baseline [PATHS]` records today's comments so "
    "later runs report only new ones; `review init` writes a starter config.",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"review {__version__}")
        raise typer.Exit(ExitCode.CLEAN)


@app.command(epilog=COMMANDS_HELP)
# Each parameter is one command-line option; Typer reads them from this signature.
def review(  # review: ignore[too-many-parameters]
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files or folders to review.", metavar="PATHS")
    ] = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format", "-f", help="Output format; concise is one line per place, like ruff's."
        ),
    ] = OutputFormat.TEXT,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the review to FILE.")
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            help="Exit 1 when a comment is at least this severe; such comments are marked "
            "blocking.  [default: major; never for a markdown or html write-up written with "
            "--output]"
        ),
    ] = None,
    max_comments: Annotated[
        int | None, typer.Option(min=0, help="Show at most N comments, most important first.")
    ] = None,
    brief: Annotated[
        bool | None,
        typer.Option(
            "--brief/--full",
            help="A markdown or html write-up with every blocker and major but only the "
            "two most important minors of each category, and how many more the full one has. "
            "[default: --full, or the config file's brief]",
        ),
    ] = None,
    category: Annotated[
        list[Category] | None,
        typer.Option(
            "--category",
            "-c",
            metavar="CATEGORY",
            help="Only this category (repeatable): solid, testability, security, readability, "
            "error-handling, performance, correctness.",
        ),
    ] = None,
    voice: Annotated[
        Voice | None,
        typer.Option(
            help="mentor explains; peer is short. Default: mentor for markdown, peer otherwise."
        ),
    ] = None,
    color: Annotated[
        bool | None,
        typer.Option(
            "--color/--no-color",
            help="Color the text output. Default: when writing to a terminal, unless NO_COLOR "
            "is set (non-empty); FORCE_COLOR colors a pipe too.",
        ),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude", metavar="GLOB", help="Skip paths matching this glob (repeatable)."
        ),
    ] = None,
    select: Annotated[
        list[str] | None,
        typer.Option(
            metavar="RULES",
            help="Apply only these rules: rule ids, categories or analyzer codes (S608, "
            "ruff:S608, mypy:arg-type), comma-separated or repeated.  [default: all]",
        ),
    ] = None,
    extend_select: Annotated[
        list[str] | None,
        typer.Option(
            metavar="RULES", help="Apply these rules too, on top of --select (or the config's)."
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(metavar="RULES", help="Leave these rules out (ids, categories or codes)."),
    ] = None,
    respect_gitignore: Annotated[
        bool,
        typer.Option(
            "--respect-gitignore/--no-respect-gitignore",
            help="Leave out what git ignores (.gitignore), as ruff does.",
        ),
    ] = True,
    config_file: Annotated[
        Path | None,
        typer.Option(
            "--config", help="Read settings from FILE instead of the nearest pyproject.toml."
        ),
    ] = None,
    diff: Annotated[
        str | None,
        typer.Option(
            "--diff",
            metavar="[REF]",
            help="Comment only on lines added since REF (default: the merge base with the "
            "default branch). Put paths before --diff, or write --diff=REF.",
        ),
    ] = None,
    staged: Annotated[
        bool, typer.Option("--staged", help="Comment only on lines added in the git index.")
    ] = False,
    diff_mode: Annotated[
        DiffMode,
        typer.Option(
            help="With --diff/--staged: added lines, context around them, or whole files."
        ),
    ] = DiffMode.ADDED,
    context: Annotated[
        int,
        typer.Option(min=0, help="Lines around an added line that count, for --diff-mode context."),
    ] = 3,
    baseline: Annotated[
        Path | None,
        typer.Option(
            help="Report only what is not in this baseline file.  [default: "
            ".review-baseline.json when present]"
        ),
    ] = None,
    no_baseline: Annotated[
        bool, typer.Option("--no-baseline", help="Report everything, even what a baseline has.")
    ] = False,
    cache_dir: Annotated[
        Path | None,
        typer.Option(help="Keep the cache in DIR.  [default: .review_cache]"),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Neither read nor write the cache.")
    ] = False,
    python: Annotated[
        Path | None,
        typer.Option(
            "--python",
            metavar="PATH",
            exists=True,
            dir_okay=False,
            help="The project's Python interpreter, whose packages mypy checks against.  "
            "[default: the active virtual environment's, or the packages of a .venv or venv "
            "at the project's root]",
        ),
    ] = None,
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help="Print the comments only: no summary, no progress."),
    ] = False,
    statistics: Annotated[
        bool,
        typer.Option(
            "--statistics", help="Count the places each rule flags instead (text, concise)."
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Review PATHS (default: the current folder). Exit 0: nothing at or above --fail-on;
    1: something is; 2: bad input or config; 3: an analyzer could not run."""
    overrides = Overrides(
        paths=tuple(paths or ()),
        output_format=output_format,
        output=str(output) if output else None,
        fail_on=fail_on,
        max_comments=max_comments,
        brief=brief,
        categories=frozenset(category or ()),
        voice=voice,
        color=wants_color(color, output),
        exclude=tuple(exclude or ()),
        no_cache=no_cache,
        cache_dir=str(cache_dir) if cache_dir else None,
        config_file=str(config_file) if config_file else None,
        select=tuple(select or ()),
        extend_select=tuple(extend_select or ()),
        ignore=tuple(ignore or ()),
        respect_gitignore=respect_gitignore,
        diff_base=diff,
        staged=staged,
        diff_mode=diff_mode,
        context_lines=context,
        baseline=str(baseline) if baseline else None,
        no_baseline=no_baseline,
        quiet=quiet,
        statistics=statistics,
        python=str(python.absolute()) if python else None,
    )
    raise typer.Exit(run(overrides))


def wants_color(flag: bool | None, output: Path | None) -> bool:
    """--color/--no-color, else a non-empty NO_COLOR says no and a non-empty FORCE_COLOR yes
    (no-color.org, force-color.org), else colour when standard output is a terminal; a file
    written with --output is never coloured unless asked."""
    if flag is not None:
        return flag
    if output is not None or os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()


def run(overrides: Overrides) -> int:
    """Run one review and write it; the exit code says how it went."""
    try:
        from reviewer.cli.session import configure, review_and_write
        from reviewer.inputs.discovery import skipped_folders, skipped_notice

        config = with_terminal_options(configure(overrides), overrides)
        with skipped_folders() as skipped:
            review = review_and_write(config)
    except ReviewError as error:
        typer.echo(f"review: error: {error}", err=True)
        return ExitCode.USAGE
    except (Interrupted, KeyboardInterrupt) as stop:
        return stopped(stop)
    if skipped and not config.quiet:
        typer.echo(f"review: {skipped_notice(skipped)}", err=True)
    if not review.summary.files and not review.errors and not config.scoped_to_changes:
        where = ", ".join(config.paths)
        typer.echo(f"review: warning: no {titles(' or ')} files to review under {where}", err=True)
    return exit_code(config, review.summary.by_severity, any(not e.path for e in review.errors))


def with_terminal_options(config: ReviewConfig, overrides: Overrides) -> ReviewConfig:
    """`--quiet` and `--statistics`, which only the terminal formats understand; `--brief`,
    which only the write-ups do (the config file's `brief` is ignored by the other formats)."""
    from reviewer.config.files import WRITE_UPS
    from reviewer.errors import UsageError

    shown = config.output_format.value
    if overrides.statistics and not format_record(config.output_format).statistics:
        raise UsageError(f"--statistics works with --format text or concise, not {shown}")
    if overrides.brief and config.output_format not in WRITE_UPS:
        raise UsageError(f"--brief works with --format markdown or html, not {shown}")
    return dataclasses.replace(config, quiet=overrides.quiet, statistics=overrides.statistics)


def exit_code(config: ReviewConfig, by_severity: Mapping[str, int], incomplete: bool) -> int:
    """1 when a comment reaches --fail-on, else 3 when an analyzer did not run, else 0."""
    threshold = config.fail_on.severity
    if threshold and any(by_severity.get(s.value) for s in Severity if s.at_least(threshold)):
        return ExitCode.FINDINGS
    return ExitCode.INCOMPLETE if incomplete else ExitCode.CLEAN
