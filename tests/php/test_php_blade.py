"""Blade views (`*.blade.php`), read as text by the PHP analyzer: unescaped output of what a
user sent, and state-changing forms without a CSRF token."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Cli, write
from tests.php.helpers import Analyze, of

VIEW = "resources/views/orders/show.blade.php"


# --- raw output ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "echo",
    [
        "{!! request('q') !!}",
        "{!! $request->input('note') !!}",
        "{!! old('comment') !!}",
        "{!! nl2br(request()->query('q')) !!}",
    ],
)
def test_request_data_printed_raw_is_a_major(analyze: Analyze, echo: str) -> None:
    view = f"<h1>Orders</h1>\n<p>Results for {echo}</p>\n"

    found = of(analyze(view, VIEW), "blade-raw-output")

    assert [(f.location.line, f.message, f.extras) for f in found] == [
        (2, f"`orders.show` prints request data unescaped with `{echo}`", {})
    ]


@pytest.mark.parametrize(
    ("echo", "what"),
    [
        ("{!! $order->notes !!}", "stored text"),
        ("{!! $comment->body !!}", "stored text"),
        ("{!! session('status') !!}", "a session value"),
    ],
)
def test_stored_user_text_printed_raw_is_unsure(analyze: Analyze, echo: str, what: str) -> None:
    found = of(analyze(f"<div>\n    {echo}\n</div>\n", VIEW), "blade-raw-output")

    assert [(f.location.line, f.message, f.extras) for f in found] == [
        (2, f"`orders.show` prints {what} unescaped with `{echo}`", {"confidence": "low"})
    ]


@pytest.mark.parametrize(
    "echo",
    [
        "{{ request('q') }}",
        "{!! csrf_field() !!}",
        "{!! method_field('PUT') !!}",
        "{!! $orders->links() !!}",
        "{!! $page->html !!}",
        "{!! $post->renderedBody() !!}",
        "{!! md_to_html($reply->body()) !!}",
        "{!! nl2br(e($order->notes)) !!}",
        "{!! trans('orders.by', ['user' => '<b>' . e($order->user->name) . '</b>']) !!}",
        "{!! json_encode(['q' => request('q')]) !!}",
        "{{-- {!! request('q') !!} --}}",
    ],
)
def test_escaped_trusted_or_commented_output_is_fine(analyze: Analyze, echo: str) -> None:
    assert of(analyze(f"<p>{echo}</p>\n", VIEW), "blade-raw-output") == []


# --- forms --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "verb"),
    [
        ('<form method="POST" action="{{ route(\'orders.store\') }}">', "POST"),
        ('<form action="/orders/{{ $order->id }}" method=\'post\' class="inline">', "POST"),
        ('<form method="DELETE" action="/orders/1">', "DELETE"),
    ],
)
def test_state_changing_form_without_a_token_is_reported(
    analyze: Analyze, form: str, verb: str
) -> None:
    view = f"<div>\n{form}\n    <button>Save</button>\n</form>\n</div>\n"

    found = of(analyze(view, VIEW), "blade-form-without-csrf")

    assert [(f.location.line, f.message) for f in found] == [
        (2, f"`orders.show` has a {verb} form without `@csrf`")
    ]


@pytest.mark.parametrize(
    "form",
    [
        '<form method="POST" action="/orders">\n    @csrf\n</form>',
        '<form method="POST" action="/orders">\n    {{ csrf_field() }}\n</form>',
        '<form method="POST" action="/orders">\n<input name="_token" value="{{ csrf_token() }}">'
        "\n</form>",
        '<form method="GET" action="/orders">\n    <input name="q">\n</form>',
        '<form action="/orders">\n    <input name="q">\n</form>',
        '<form component="ajax-form" option:ajax-form:method="put">\n</form>',
        '<form wire:submit="save">\n    <button>Save</button>\n</form>',
        '<form method="POST" action="/orders">\n    {{ $slot }}\n</form>',
        '<form method="POST" action="/orders">\n    @include(\'orders.fields\')\n</form>',
        '<form method="POST" action="https://checkout.example.com/pay">\n</form>',
    ],
)
def test_forms_with_a_token_or_not_ours_to_protect_are_fine(analyze: Analyze, form: str) -> None:
    assert of(analyze(form + "\n", VIEW), "blade-form-without-csrf") == []


def test_a_view_gets_no_php_rule(analyze: Analyze) -> None:
    view = "@php($total = $order->total)\n<h1>{{ $order->name }}</h1>\n@if($total > 5) x @endif\n"

    assert analyze(view, VIEW).findings == ()


# --- through the whole review -------------------------------------------------------------------


def test_views_are_counted_and_commented_on(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, VIEW, "<p>Results for {!! request('q') !!}</p>\n")
    write(tmp_path, "resources/views/orders/notes.blade.php", "<p>{!! $order->notes !!}</p>\n")
    write(tmp_path, "resources/views/orders/index.blade.php", "<p>{{ $orders->count() }}</p>\n")
    monkeypatch.chdir(tmp_path)

    report = cli(".", "-f", "json", "--no-cache").json()

    assert report["summary"]["files"] == 3
    assert [(c["rule"], c["severity"], c["label"], c["path"]) for c in report["comments"]] == [
        ("php-blade-raw-output", "major", "issue", VIEW),
        ("php-blade-raw-output", "minor", "issue", "resources/views/orders/notes.blade.php"),
    ]
    suggestion = report["comments"][0]["suggestion"]
    assert (suggestion["after"], suggestion["safe"]) == (
        "<p>Results for {{ request('q') }}</p>",
        True,
    )
    assert report["comments"][1]["suggestion"] is None
