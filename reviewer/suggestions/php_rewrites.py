"""Rewrites of our own for the PHP rules that matter most, made on the flagged lines and kept
only when the file still parses: the request's validated input for whole-request writes, a
password hash for a fast digest, a random token for a predictable one, bindings for SQL text
with variables in it, the debug call taken out, strict types declared, request data in a
Blade view printed with `{{ }}`."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from reviewer.languages.php.parser import first_error_line, parse
from reviewer.model import Suggestion
from reviewer.suggestions.base import Flagged, applied, replacing

WHOLE_REQUEST = re.compile(r"(\$request|request\(\))->(?:all|input)\(\)")
FAST_DIGEST = re.compile(r"\b(?:md5|sha1|crc32)\((?P<value>[^()]*(?:\([^()]*\))?[^()]*)\)")
PREDICTABLE = re.compile(r"\b(?:mt_rand|rand|uniqid|str_shuffle|lcg_value)\([^()]*\)")
BOUNDED_RANDOM = re.compile(r"\b(?:mt_rand|rand)\((?P<bounds>[^(),]+,[^(),]+)\)")
DEBUG_STATEMENT = re.compile(r"^\s*(?:dd|dump|var_dump|print_r|var_export|ray)\(.*\);\s*$")
RAW_SQL_CALL = re.compile(
    r"(?P<call>(?:DB::(?:select|selectOne|statement|insert|update|delete|unprepared)"
    r"|(?:->|::)(?:whereRaw|selectRaw|orderByRaw|havingRaw|fromRaw))\()"
    r"\s*\"(?P<sql>[^\"]*)\"\s*\)"
)
MONEY_COLUMN = re.compile(
    r"->(?:float|double|unsignedFloat|unsignedDouble|decimal|unsignedDecimal)"
    r"\(\s*(?P<column>'\w+'|\"\w+\")\s*(?:,\s*\d+\s*(?:,\s*\d+\s*)?)?\)"
)
EVERY_ROW = re.compile(r"::all\(\s*\)")
LAST_GET = re.compile(r"->\s*get\(\s*\)")
RAW_REQUEST_ECHO = re.compile(
    r"\{!!\s*(?P<expression>(?:(?!!!\}).)*?(?:\brequest\(|\$request\b|\bold\()"
    r"(?:(?!!!\}).)*?)\s*!!\}"
)
INTERPOLATED = re.compile(r"\{?(\$[A-Za-z_]\w*(?:->[A-Za-z_]\w*)*)\}?")


def _on_lines(
    flagged: Flagged, change: Callable[[str], str], *, safe: bool, note: str
) -> Suggestion | None:
    """The flagged lines changed by `change`, kept when the whole file still parses."""
    after = change(flagged.excerpt(flagged.line, flagged.end_line))
    found = replacing(flagged, flagged.line, flagged.end_line, after, safe=safe, note=note)
    return found if found is not None and _parses(flagged, found) else None


def _parses(flagged: Flagged, change: Suggestion) -> bool:
    """Whether the file, with the change made, is still PHP that parses."""
    return first_error_line(parse(applied(flagged.text, change).encode())) is None


@dataclass(frozen=True)
class Substitution:
    """A rewrite that is one regular-expression substitution on the flagged lines."""

    pattern: re.Pattern[str]
    replacement: str
    note: str
    count: int = 0  # 0: every match

    def __call__(self, flagged: Flagged) -> Suggestion | None:
        """The substitution made on the flagged lines; None when it changes nothing or the
        file would no longer parse."""

        def change(text: str) -> str:
            return self.pattern.sub(self.replacement, text, count=self.count)

        return _on_lines(flagged, change, safe=False, note=self.note)


_validated = Substitution(
    WHOLE_REQUEST,
    r"\1->validated()",
    "writes only the fields the Form Request's rules name",
)
SIGNATURE = re.compile(r"function\s+\w+\s*\((?P<parameters>[^)]*)\)")
FORM_REQUEST_PARAMETER = re.compile(r"(?P<type>[\w\\]+)\s+\$request\b")


def validated_input(flagged: Flagged) -> Suggestion | None:
    """`$request->all()` -> `$request->validated()`, only where `$request` is a Form Request:
    a plain `Request` has no `validated()` (its `validate([...])` returns the fields)."""
    before = "\n".join(flagged.lines[: flagged.line - 1])
    signatures = list(SIGNATURE.finditer(before))
    typed = FORM_REQUEST_PARAMETER.search(signatures[-1]["parameters"]) if signatures else None
    if typed is None or typed["type"].rsplit("\\", 1)[-1] == "Request":
        return None
    return _validated(flagged)


password_hash = Substitution(
    FAST_DIGEST,
    r"password_hash(\g<value>, PASSWORD_DEFAULT)",
    "hashes with bcrypt or Argon2 (`Hash::make` in Laravel); existing hashes need"
    " `password_verify` and a rehash on the next login",
)
_random_string = Substitution(
    PREDICTABLE,
    "bin2hex(random_bytes(32))",
    "draws the token from the operating system's secure generator (`Str::random(64)` in Laravel)",
    count=1,
)
_random_number = Substitution(
    BOUNDED_RANDOM,
    r"random_int(\g<bounds>)",
    "draws the number from the operating system's secure generator, in the same range",
    count=1,
)


def random_token(flagged: Flagged) -> Suggestion | None:
    """`mt_rand(0, 999999)` -> `random_int(0, 999999)` (a numeric code keeps its range);
    any other predictable generator -> `bin2hex(random_bytes(32))`."""
    if BOUNDED_RANDOM.search(flagged.excerpt(flagged.line, flagged.end_line)):
        return _random_number(flagged)
    return _random_string(flagged)


def without_debug_output(flagged: Flagged) -> Suggestion | None:
    """A line that is only `dd(...)`, `var_dump(...)` and the like, taken out."""
    if flagged.line != flagged.end_line:
        return None
    line = flagged.excerpt(flagged.line, flagged.line)
    if not DEBUG_STATEMENT.match(line):
        return None
    return _on_lines(flagged, lambda text: "", safe=False, note="takes the debugging call out")


def bound_sql(flagged: Flagged) -> Suggestion | None:
    """`DB::select("... $id")` -> `DB::select("... ?", [$id])`."""
    return _on_lines(
        flagged,
        _bound,
        safe=True,
        note="passes the values as bindings: the database never reads them as SQL",
    )


def _bound(text: str) -> str:
    def rewrite(found: re.Match[str]) -> str:
        values = INTERPOLATED.findall(found["sql"])
        if not values:
            return found[0]
        sql = INTERPOLATED.sub("?", found["sql"]).replace("'?'", "?")
        return f'{found["call"]}"{sql}", [{", ".join(values)}])'

    return RAW_SQL_CALL.sub(rewrite, text, count=1)


def strict_types(flagged: Flagged) -> Suggestion | None:
    """`declare(strict_types=1);` after a first line that is only `<?php`."""
    first = flagged.excerpt(1, 1)
    if first.strip() != "<?php":
        return None
    note = "declares strict types: calls with the wrong scalar type fail instead of coercing"
    after = f"{first}\n\ndeclare(strict_types=1);"
    found = replacing(flagged, 1, 1, after, safe=False, note=note)
    return found if found is not None and _parses(flagged, found) else None


money_decimal = Substitution(
    MONEY_COLUMN,
    r"->decimal(\g<column>, 10, 2)",
    "stores the amount exactly, with 10 digits and 2 decimals: widen it where the currency or"
    " the amounts need more",
    count=1,
)


def paginated(flagged: Flagged) -> Suggestion | None:
    """`Order::all()` -> `Order::paginate()`, or the chain's last `->get()` -> `->paginate()`."""

    def change(text: str) -> str:
        if EVERY_ROW.search(text):
            return EVERY_ROW.sub("::paginate()", text, count=1)
        found = list(LAST_GET.finditer(text))
        if not found:
            return text
        last = found[-1]
        return text[: last.start()] + "->paginate()" + text[last.end() :]

    note = (
        "hands out one page of 15 rows with links to the next; in a JSON response the rows"
        " move under `data`, next to `links` and `meta`"
    )
    return _on_lines(flagged, change, safe=False, note=note)


def escaped_echo(flagged: Flagged) -> Suggestion | None:
    """`{!! request('q') !!}` -> `{{ request('q') }}` in a view, for request data only: stored
    HTML may be printed raw on purpose. A view is not PHP, so nothing is parsed."""
    if not any(f.extras.get("confidence") != "low" for f in flagged.findings):
        return None
    after = RAW_REQUEST_ECHO.sub(
        r"{{ \g<expression> }}", flagged.excerpt(flagged.line, flagged.end_line)
    )
    note = "escapes the value: HTML in it is shown as text, never run"
    return replacing(flagged, flagged.line, flagged.end_line, after, safe=True, note=note)


BUILDERS: Mapping[str, Callable[[Flagged], Suggestion | None]] = {
    "php-mass-assignment": validated_input,
    "php-weak-password-hash": password_hash,
    "php-predictable-token": random_token,
    "php-debug-output": without_debug_output,
    "php-sql-injection": bound_sql,
    "php-missing-strict-types": strict_types,
    "php-money-column": money_decimal,
    "php-unpaginated-index": paginated,
    "php-blade-raw-output": escaped_echo,
}
