"""Predictable tokens: digests of the clock join rand/mt_rand/uniqid/str_shuffle; a numeric
code keeps its range in the suggested change (`random_int`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.analyzers.php import PhpAnalyzer
from reviewer.catalog.rules import load_catalog
from reviewer.config.options import ReviewConfig
from reviewer.model import Voice
from reviewer.pipeline.run import run_review
from reviewer.render.comments import make_renderer
from tests.helpers import write
from tests.php.helpers import Analyze, of, php

CODE = "insecure-token"


def service(body: str) -> str:
    return php(
        f"""
use App\\Models\\User;

final class PasswordResets
{{
    public function issue(User $user): void
    {{
        {body}
    }}
}}
"""
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "$token = md5(time());",
            "`PasswordResets::issue` makes `$token` with `md5(time())`, a digest of the clock",
        ),
        (
            "$user->reset_token = sha1($user->email . microtime());",
            "`PasswordResets::issue` makes `$user->reset_token` with "
            "`sha1($user->email . microtime())`, a digest of the clock",
        ),
        (
            "$user->api_token = hash('sha256', $user->id . time());",
            "`PasswordResets::issue` makes `$user->api_token` with "
            "`hash('sha256', $user->id . time())`, a digest of the clock",
        ),
        (
            "$link = url('/invite/' . str_shuffle('abcdefghijklmnop'));",
            "`PasswordResets::issue` makes `$link` with `str_shuffle`",
        ),
    ],
)
def test_clock_digests_and_shuffles_behind_tokens_are_reported(
    analyze: Analyze, body: str, message: str
) -> None:
    [found] = of(analyze(service(body)), CODE)
    assert found.message == message


@pytest.mark.parametrize(
    "body",
    [
        "$token = hash('sha256', random_bytes(32) . time());",
        "$token = md5(uniqid());",  # reported once, on `uniqid`
        "$tokenExpiry = time() + 3600;",
        "$reference = 'ORD-' . md5(time());",
        "$slug = substr(md5(rand(1, 500)), 0, 5);",
        "$cacheKey = md5($user->email . time());",
    ],
)
def test_secure_sources_and_names_that_are_no_secret_are_not_doubled_or_reported(
    analyze: Analyze, body: str
) -> None:
    expected = 1 if "uniqid" in body else 0
    assert len(of(analyze(service(body)), CODE)) == expected


def test_a_numeric_code_keeps_its_range_in_the_suggestion(tmp_path: Path) -> None:
    write(
        tmp_path,
        "app/Services/PasswordResets.php",
        service("$code = str_pad((string) mt_rand(0, 999999), 6, '0', STR_PAD_LEFT);"),
    )
    config = ReviewConfig(paths=(str(tmp_path),), cache_dir=None)
    review = run_review(config, [PhpAnalyzer()], load_catalog(), make_renderer(Voice.PEER))

    [comment] = [c for c in review.comments if c.rule.id == "php-predictable-token"]
    assert comment.suggestion is not None
    assert comment.suggestion.after.strip() == (
        "$code = str_pad((string) random_int(0, 999999), 6, '0', STR_PAD_LEFT);"
    )
