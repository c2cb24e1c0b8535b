"""Open/Closed: functions that dispatch on a tag or a type with if/elif chains or `match`."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from reviewer.analyzers.design.ast_tools import FunctionNode, dotted, last_name, name_tokens
from reviewer.analyzers.design.context import ModuleContext
from reviewer.analyzers.design.detectors import detector
from reviewer.analyzers.design.roles import enclosing, is_composition_root, is_enum, who
from reviewer.languages import pyast
from reviewer.model import Finding

PLATFORM_SUBJECTS = frozenset({"sys.platform", "platform.system()", "os.name", "sys.version_info"})
PARSING_STEMS = ("lexer", "parser", "tokenizer", "scanner", "grammar", "syntax")
PARSING_WORDS = frozenset(
    {
        "parse",
        "parser",
        "lex",
        "lexer",
        "tokenize",
        "tokenizer",
        "scan",
        "visit",
        "read",
        "decode",
        "deserialize",
    }
)
SYNTAX_NODES = frozenset({"Node", "tree_sitter.Node"})
# The nodes that can hold a list of statements; expressions never do.
BLOCK_HOLDERS = ast.stmt | ast.mod | ast.excepthandler | ast.match_case
LITERAL = "literal values"
MEMBER = "enum members"
TYPE = "types"


@dataclass(frozen=True)
class Case:
    """One branch's test of one subject: `status == "new"` is (status, "new", literal)."""

    subject: str
    value: str
    kind: str


@detector("type-dispatch")
def type_dispatch(module: ModuleContext) -> Iterator[Finding]:
    """if/elif chains and `match` statements that compare one subject to several cases."""
    in_runs: set[int] = set()
    for run in _guard_runs(module.nodes_of(BLOCK_HOLDERS)):
        in_runs.update(id(node) for node in run)
        yield from _report(module, run[0], [_cases(node.test) for node in run], [], run[-1])
    for node in module.nodes_of(ast.If | ast.Match):
        if isinstance(node, ast.If) and not _is_elif(module, node) and id(node) not in in_runs:
            branches = [_cases(test) for test in _chain_tests(node)]
            yield from _report(module, node, branches, _chain_else(node))
        elif isinstance(node, ast.Match):
            branches = [_pattern_cases(node.subject, c.pattern) for c in node.cases]
            defaults = [stmt for c in node.cases if _is_wildcard(c.pattern) for stmt in c.body]
            yield from _report(module, node, branches, defaults)


def _report(
    module: ModuleContext,
    node: ast.If | ast.Match,
    branches: list[list[Case]],
    default: list[ast.stmt],
    last: ast.stmt | None = None,
) -> Iterator[Finding]:
    """One finding for a chain or `match` whose busiest subject has enough cases."""
    subject, cases, count = _busiest_subject(branches)
    values = list(dict.fromkeys(case.value for case in cases))
    kind = _dominant_kind(cases) if cases else LITERAL
    least = module.thresholds.min_dispatch_cases
    if min(count, len(values)) < least or _exhaustive(module, default):
        return
    if _expected_dispatch(module, node, subject, values):
        return
    if kind == TYPE and _project_types(module, values) < least:
        return
    where = who(module, enclosing(module, node))
    message = f"{where} dispatches on `{subject}` over {len(values)} {kind}"
    extras = {"metric": len(values), "branches": count, "values": values, "kind": kind}
    finding = module.finding(node, message, extras)
    if last is not None:
        end = last.end_lineno or last.lineno
        finding = replace(finding, location=replace(finding.location, end_line=end))
    yield finding


def _guard_runs(holders: Iterable[ast.AST]) -> Iterator[list[ast.If]]:
    """Runs of two or more `if` statements in a row, each without `else`, each ending the function
    with `return` or `raise`: an if/elif chain written as guard clauses."""
    for node in holders:
        for field in ("body", "orelse", "finalbody"):
            statements = getattr(node, field, None)
            if isinstance(statements, list):
                yield from _runs_in(statements)


def _runs_in(statements: list[ast.stmt]) -> Iterator[list[ast.If]]:
    run: list[ast.If] = []
    for statement in [*statements, None]:
        if isinstance(statement, ast.If) and not statement.orelse and _exits(statement.body):
            run.append(statement)
            continue
        if len(run) >= 2:
            yield run
        run = []


def _exits(body: list[ast.stmt]) -> bool:
    return bool(body) and isinstance(body[-1], ast.Return | ast.Raise)


def _expected_dispatch(
    module: ModuleContext, node: ast.AST, subject: str, values: list[str]
) -> bool:
    """Branching that is the job itself: a lexer on characters, a parser on tokens, a platform
    check, `main` choosing a command, or an enum's own method on `self`."""
    if subject in PLATFORM_SUBJECTS or module.stem.endswith(PARSING_STEMS):
        return True
    if all(_is_single_character(value) for value in values):
        return True
    scope = enclosing(module, node)
    if is_composition_root(scope) or (scope and name_tokens(scope.name) & PARSING_WORDS):
        return True
    if scope is not None and _walks_a_syntax_tree(scope.node, subject):
        return True
    return subject == "self" and _in_enum(module, node)


def _walks_a_syntax_tree(function: FunctionNode, subject: str) -> bool:
    """`node.type` of a parameter typed as a syntax-tree node (tree-sitter's `Node`, an
    `ast` class): a tree walker branches on node kinds; that is what a visitor is."""
    owner, _, attribute = subject.rpartition(".")
    if attribute != "type":
        return False
    arguments = [*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs]
    typed = {a.arg: ast.unparse(a.annotation) for a in arguments if a.annotation is not None}
    annotation = typed.get(owner, "")
    return annotation.removesuffix(" | None") in SYNTAX_NODES or annotation.startswith("ast.")


def _is_single_character(value: str) -> bool:
    try:
        with pyast.exclusive():  # literal_eval parses its string with `ast`
            literal = ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return False
    return isinstance(literal, str) and len(literal) == 1


def _project_types(module: ModuleContext, values: list[str]) -> int:
    """How many of the dispatched types the project defines (and could give a method)."""
    count = 0
    for value in values:
        parts = value.split(" | ")
        expressions = [pyast.parse_expression(part) for part in parts]
        count += sum(1 for e in expressions if module.project.resolve(e, module.info))
    return count


def _is_elif(module: ModuleContext, node: ast.If) -> bool:
    parent = module.parent(node)
    return isinstance(parent, ast.If) and parent.orelse == [node]


def _chain_tests(node: ast.If) -> list[ast.expr]:
    tests = [node.test]
    while len(node.orelse) == 1 and isinstance(node.orelse[0], ast.If):
        node = node.orelse[0]
        tests.append(node.test)
    return tests


def _chain_else(node: ast.If) -> list[ast.stmt]:
    while len(node.orelse) == 1 and isinstance(node.orelse[0], ast.If):
        node = node.orelse[0]
    return node.orelse


def _busiest_subject(branches: list[list[Case]]) -> tuple[str, list[Case], int]:
    """The subject tested by the most branches, its cases, and how many branches test it."""
    counts: dict[str, int] = {}
    for branch in branches:
        for subject in dict.fromkeys(case.subject for case in branch):
            counts[subject] = counts.get(subject, 0) + 1
    if not counts:
        return "", [], 0
    best = max(counts, key=lambda subject: counts[subject])
    return best, [c for b in branches for c in b if c.subject == best], counts[best]


def _cases(test: ast.expr) -> list[Case]:
    """The cases one if-test checks; `and`/`or` parts are looked at one by one."""
    if isinstance(test, ast.BoolOp):
        return [case for value in test.values for case in _cases(value)]
    if isinstance(test, ast.Call) and dotted(test.func) == "isinstance" and len(test.args) == 2:
        subject = ast.unparse(test.args[0])
        types = test.args[1].elts if isinstance(test.args[1], ast.Tuple) else [test.args[1]]
        return [Case(subject, ast.unparse(t), TYPE) for t in types]
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        return _comparison(test.left, test.ops[0], test.comparators[0])
    return []


def _comparison(left: ast.expr, op: ast.cmpop, right: ast.expr) -> list[Case]:
    if isinstance(op, ast.Eq | ast.Is):
        for subject, value in ((left, right), (right, left)):
            kind = _value_kind(value)
            if kind and not _value_kind(subject) and not _is_size(subject):
                return [Case(ast.unparse(subject), ast.unparse(value), kind)]
    if isinstance(op, ast.In) and isinstance(right, ast.Tuple | ast.List | ast.Set):
        kinds = [_value_kind(v) for v in right.elts]
        if right.elts and all(kinds) and not _value_kind(left):
            text = ast.unparse(left)
            return [
                Case(text, ast.unparse(v), str(k)) for v, k in zip(right.elts, kinds, strict=True)
            ]
    return []


def _is_size(node: ast.expr) -> bool:
    """`len(x)`: branching on a size is arithmetic, not dispatch on a tag."""
    return isinstance(node, ast.Call) and dotted(node.func) == "len"


def _value_kind(node: ast.AST) -> str | None:
    """`literal values` for strings, `enum members` for `Color.RED`, else None.

    Numbers are left out: they count, measure or encode characters far more often than they
    name a case of the domain."""
    if isinstance(node, ast.Constant):
        return LITERAL if isinstance(node.value, str) else None
    name = dotted(node)
    if name and "." in name and last_name(node).isupper() and len(last_name(node)) > 1:
        return MEMBER
    return None


def _pattern_cases(subject: ast.expr, pattern: ast.pattern) -> list[Case]:
    text = ast.unparse(subject)
    if isinstance(pattern, ast.MatchOr):
        return [case for p in pattern.patterns for case in _pattern_cases(subject, p)]
    if isinstance(pattern, ast.MatchValue):
        kind = _value_kind(pattern.value)
        return [Case(text, ast.unparse(pattern.value), kind)] if kind else []
    if isinstance(pattern, ast.MatchClass):
        return [Case(text, ast.unparse(pattern.cls), TYPE)]
    if isinstance(pattern, ast.MatchAs) and pattern.pattern is not None:
        return _pattern_cases(subject, pattern.pattern)
    return []


def _is_wildcard(pattern: ast.pattern) -> bool:
    return isinstance(pattern, ast.MatchAs) and pattern.pattern is None


def _exhaustive(module: ModuleContext, default: list[ast.stmt]) -> bool:
    """An `assert_never` default: the type checker proves every case is handled."""
    nodes = (n for stmt in default for n in module.index.subtree(stmt))
    calls = (n for n in nodes if isinstance(n, ast.Call))
    return any(last_name(call.func) == "assert_never" for call in calls)


def _in_enum(module: ModuleContext, node: ast.AST) -> bool:
    scope = enclosing(module, node)
    return scope is not None and scope.owner is not None and is_enum(module, scope.owner)


def _dominant_kind(cases: list[Case]) -> str:
    kinds = [case.kind for case in cases]
    return max(dict.fromkeys(kinds), key=kinds.count)
