"""Validation inside a catch-all: the 422 with the field errors turned into a 500 or a generic
message; a `try` that hands validation failures on, or validates before it, is quiet; the
suggested change moves the validate call above the `try`."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.analyzers.php import PhpAnalyzer
from reviewer.catalog.rules import load_catalog
from reviewer.config.options import ReviewConfig
from reviewer.languages.php.parser import first_error_line, parse
from reviewer.model import Review, Voice
from reviewer.pipeline.run import run_review
from reviewer.render.comments import make_renderer
from tests.helpers import write
from tests.php.helpers import Analyze, of, php

CODE = "validation-in-catch-all"
PATH = "app/Http/Controllers/OrderController.php"


def controller(body: str) -> str:
    return php(
        f"""
use App\\Models\\Order;
use Illuminate\\Http\\JsonResponse;
use Illuminate\\Http\\Request;
use Illuminate\\Support\\Facades\\Log;
use Illuminate\\Support\\Facades\\Validator;
use Illuminate\\Validation\\ValidationException;

final class OrderController extends Controller
{{
    public function store(Request $request): JsonResponse
    {{
{body}
    }}
}}
""",
        "App\\Http\\Controllers",
    )


CAUGHT_AS_500 = """
        try {
            $data = $request->validate(['total' => 'required|numeric']);
            $order = Order::create($data);

            return response()->json(['id' => $order->id], 201);
        } catch (\\Exception $e) {
            Log::error($e->getMessage());

            return response()->json(['error' => 'Something went wrong'], 500);
        }
"""


def test_validate_inside_a_catch_all_that_answers_500_is_reported(analyze: Analyze) -> None:
    [found] = of(analyze(controller(CAUGHT_AS_500), PATH), CODE)

    assert found.message == (
        "`OrderController::store` calls `$request->validate()` inside a `try` whose "
        "`catch (\\Exception $e)` answers with a server error: a validation failure (422 with "
        "the field errors) reaches the client as that instead"
    )
    assert found.location.line == 20


@pytest.mark.parametrize(
    ("validation", "caught"),
    [
        ("$this->validate($request, ['total' => 'required']);", "\\Throwable $e"),
        ("Validator::make($request->all(), ['total' => 'required'])->validate();", "Exception $e"),
        ("request()->validate(['total' => 'required']);", "\\Exception|\\Error $e"),
    ],
)
def test_every_way_of_validating_is_seen(analyze: Analyze, validation: str, caught: str) -> None:
    body = f"""
        try {{
            {validation}
        }} catch ({caught}) {{
            return response()->json(['message' => 'Could not save the order']);
        }}

        return response()->json([], 201);
"""
    [found] = of(analyze(controller(body), PATH), CODE)
    assert "answers with a generic error" in found.message


def test_a_validator_kept_in_a_variable_is_seen(analyze: Analyze) -> None:
    body = """
        $validator = Validator::make($request->all(), ['total' => 'required']);
        try {
            $data = $validator->validate();
        } catch (\\Exception $e) {
            abort(500);
        }

        return response()->json($data, 201);
"""
    [found] = of(analyze(controller(body), PATH), CODE)
    assert "`$validator->validate()`" in found.message


@pytest.mark.parametrize(
    "body",
    [
        # The failure is handed on before the catch-all.
        """
        try {
            $data = $request->validate(['total' => 'required']);
        } catch (ValidationException $e) {
            throw $e;
        } catch (\\Exception $e) {
            return response()->json(['error' => 'x'], 500);
        }
        return response()->json($data);
""",
        # The catch-all rethrows what it caught.
        """
        try {
            $data = $request->validate(['total' => 'required']);
        } catch (\\Throwable $e) {
            Log::error('order failed', ['error' => $e]);
            throw $e;
        }
        return response()->json($data);
""",
        # The catch-all looks for validation failures itself.
        """
        try {
            $data = $request->validate(['total' => 'required']);
        } catch (\\Exception $e) {
            if ($e instanceof ValidationException) {
                throw $e;
            }
            return response()->json(['error' => 'x'], 500);
        }
        return response()->json($data);
""",
        # Validation above the try: the idiom.
        """
        $data = $request->validate(['total' => 'required']);
        try {
            $order = Order::create($data);
        } catch (\\Exception $e) {
            return response()->json(['error' => 'x'], 500);
        }
        return response()->json(['id' => $order->id]);
""",
        # A narrow catch does not receive the validation failure.
        """
        try {
            $data = $request->validate(['total' => 'required']);
        } catch (\\PDOException $e) {
            return response()->json(['error' => 'x'], 500);
        }
        return response()->json($data);
""",
        # Inside a closure the try belongs to someone else.
        """
        try {
            $check = fn () => $request->validate(['total' => 'required']);
        } catch (\\Exception $e) {
            return response()->json(['error' => 'x'], 500);
        }
        return response()->json($check());
""",
    ],
)
def test_validation_failures_that_still_reach_laravel_are_not_reported(
    analyze: Analyze, body: str
) -> None:
    assert of(analyze(controller(body), PATH), CODE) == []


def test_a_models_own_validate_method_is_not_request_validation(analyze: Analyze) -> None:
    source = php(
        """
final class ImportService
{
    public function run(): void
    {
        try {
            $this->validate();
        } catch (\\Exception $e) {
            return;
        }
    }

    private function validate(): void {}
}
"""
    )
    assert of(analyze(source), CODE) == []


def reviewed(folder: Path) -> Review:
    config = ReviewConfig(paths=(str(folder),), cache_dir=None)
    return run_review(config, [PhpAnalyzer()], load_catalog(), make_renderer(Voice.PEER))


def test_the_suggestion_moves_the_validate_call_above_the_try(tmp_path: Path) -> None:
    write(tmp_path, PATH, controller(CAUGHT_AS_500))

    [comment] = [
        c for c in reviewed(tmp_path).comments if c.rule.id == "php-validation-in-catch-all"
    ]
    change = comment.suggestion

    assert change is not None and change.source == "review"
    assert change.before == (
        "        try {\n            $data = $request->validate(['total' => 'required|numeric']);"
    )
    assert change.after == (
        "        $data = $request->validate(['total' => 'required|numeric']);\n        try {"
    )
    lines = (tmp_path / PATH).read_text(encoding="utf-8").split("\n")
    text = "\n".join([*lines[: change.line - 1], change.after, *lines[change.end_line :]])
    assert first_error_line(parse(text.encode())) is None


def test_no_suggestion_when_the_validate_call_is_not_the_first_statement(tmp_path: Path) -> None:
    body = """
        try {
            Log::info('storing');
            $data = $request->validate(['total' => 'required']);
        } catch (\\Exception $e) {
            return response()->json(['error' => 'x'], 500);
        }
        return response()->json($data);
"""
    write(tmp_path, PATH, controller(body))

    [comment] = [
        c for c in reviewed(tmp_path).comments if c.rule.id == "php-validation-in-catch-all"
    ]
    assert comment.suggestion is None
