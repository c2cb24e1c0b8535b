"""Secrets in environment files: a `.env` that git tracks or would add, holding a generated
key, is a major security comment; its values never appear in a report. Real git, real files."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.analyzers.dotenv import looks_real, secret_lines
from reviewer.languages import language_for, titles
from tests.helpers import Cli, write
from tests.test_format_sarif import git, make_repository

KEY = "base64:dwMl7vJvmkStOiENFG9iCCWQnv/uZHQgsNT1HlqxFnA="
LARAVEL_ENV = f"APP_NAME=Laravel\nAPP_KEY={KEY}\nDB_PASSWORD=secret\nMAIL_PASSWORD=null\n"


def codes(run: object) -> list[str]:
    return [c["rule"] for c in run.json()["comments"]]  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", [".env", ".env.bak", ".env.production", "docker.env"])
def test_environment_files_are_recognised_by_name(name: str) -> None:
    language = language_for(f"src/{name}")

    assert language is not None and language.name == "dotenv"


def test_the_languages_a_reader_is_told_are_still_code() -> None:
    assert titles() == "Python and PHP"


@pytest.mark.parametrize(
    "value",
    [KEY, "sk_live_51H8xYz", "k7Gq2v9XwLp4Rt8N", "ghp_abc"],
)
def test_generated_values_look_real(value: str) -> None:
    assert looks_real(value)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "null",
        "secret",
        "changethis",
        "SomeRandomString",
        "database_user_password",
        "your-api-key-here",
        "${POSTGRES_PASSWORD}",
        "<token>",
        "aaaaaaaaaaaa1",
    ],
)
def test_placeholders_do_not(value: str) -> None:
    assert not looks_real(value)


def test_only_keys_named_as_secrets_count() -> None:
    text = (
        "AUTH_PASSWORD_RESET_TOKEN_TABLE=password_resets\n"
        "STRIPE_PUBLIC_KEY=pk_live_4eC39HqLyjWDarjtT1zdp7dc\n"
        "SENTRY_DSN=https://4f2a9c1b7e@o1.ingest.sentry.io/42\n"
        "DATABASE_URL=postgres://app:Xq9v2LmR7tPz@db:5432/app\n"
    )

    assert [s.key for s in secret_lines(text)] == ["SENTRY_DSN", "DATABASE_URL"]


def test_a_committed_env_file_with_a_key_is_a_major_comment(chdir_tmp: Path, cli: Cli) -> None:
    make_repository(chdir_tmp)
    write(chdir_tmp, ".gitignore", ".env\n")
    write(chdir_tmp, ".env.bak", LARAVEL_ENV)
    git(chdir_tmp, "add", ".")

    run = cli(".", "-f", "json")

    comment = next(c for c in run.json()["comments"] if c["rule"] == "secret-in-env-file")
    assert (comment["path"], comment["line"], comment["severity"]) == (".env.bak", 2, "major")
    assert "`APP_KEY`" in comment["body"] and "DB_PASSWORD" not in comment["body"]


def test_an_env_file_git_ignores_is_the_developers_own(chdir_tmp: Path, cli: Cli) -> None:
    make_repository(chdir_tmp)
    write(chdir_tmp, ".gitignore", ".env\n")
    write(chdir_tmp, ".env", LARAVEL_ENV)
    write(chdir_tmp, "app.py", "VALUE = 1\n")

    run = cli(".", "-f", "json", "--no-respect-gitignore")

    assert "secret-in-env-file" not in codes(run)


def test_outside_git_a_gitignore_that_names_the_file_counts(chdir_tmp: Path, cli: Cli) -> None:
    write(chdir_tmp, ".gitignore", "/.env\n")
    write(chdir_tmp, ".env", LARAVEL_ENV)
    write(chdir_tmp, "config/.env.bak", LARAVEL_ENV)

    run = cli(".", "-f", "json")

    paths = [c["path"] for c in run.json()["comments"] if c["rule"] == "secret-in-env-file"]
    assert paths == ["config/.env.bak"]


def test_test_environments_and_examples_with_placeholders_are_quiet(
    chdir_tmp: Path, cli: Cli
) -> None:
    write(chdir_tmp, ".env.testing", LARAVEL_ENV)
    write(chdir_tmp, ".env.example", "APP_KEY=\nDB_PASSWORD=secret\n")

    assert "secret-in-env-file" not in codes(cli(".", "-f", "json"))


@pytest.mark.parametrize("output", ["text", "markdown", "html"])
def test_the_value_never_appears_in_a_report(chdir_tmp: Path, cli: Cli, output: str) -> None:
    write(chdir_tmp, ".env", LARAVEL_ENV)

    run = cli(".", "-f", output)

    assert "APP_KEY" in run.out
    assert "dwMl7vJvmkSt" not in run.out
