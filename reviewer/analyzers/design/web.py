"""Where a web framework runs code for a request: route functions and views, and the hooks and
middleware that run on every request (Flask, FastAPI/Starlette, Django)."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from reviewer.analyzers.design.ast_tools import FunctionNode, base_name, last_name, methods
from reviewer.analyzers.design.context import ModuleContext

# Route decorators of Flask blueprints and apps, FastAPI and Starlette routers.
ROUTE_DECORATORS = frozenset({"get", "post", "put", "patch", "delete", "route", "api_route"})
# Methods of Django class-based views and DRF views and viewsets that answer a request.
VIEW_METHODS = frozenset(
    {"get", "post", "put", "patch", "delete", "retrieve", "update", "partial_update", "destroy"}
)
VIEW_BASE_SUFFIXES = ("View", "ViewSet", "APIView")
# Flask hooks that run before every request.
EVERY_REQUEST_HOOKS = frozenset({"before_request", "before_app_request"})
# The methods of a Django middleware class that run for every request.
MIDDLEWARE_METHODS = frozenset({"__call__", "process_request", "process_view", "dispatch"})


def is_route(function: FunctionNode) -> bool:
    """A function a router calls for a request: `@app.get(...)`, `@bp.route(...)`."""
    calls = (d for d in function.decorator_list if isinstance(d, ast.Call))
    return any(isinstance(c.func, ast.Attribute) and c.func.attr in ROUTE_DECORATORS for c in calls)


def is_view(module: ModuleContext, function: FunctionNode) -> bool:
    """A route, a Django view function (`def detail(request, ...)` in a views module) or a
    request method of a class-based view."""
    if is_route(function):
        return True
    parent = module.parent(function)
    if isinstance(parent, ast.ClassDef):
        bases = {last_name(base_name(b)) for b in parent.bases}
        view_class = any(b.endswith(VIEW_BASE_SUFFIXES) for b in bases)
        return view_class and function.name in VIEW_METHODS
    arguments = function.args.args
    first = arguments[0].arg if arguments else ""
    return first == "request" and "views" in module.path.replace("\\", "/").split("/")[-1]


def every_request_hooks(module: ModuleContext) -> Iterator[FunctionNode]:
    """Flask `before_request` hooks, FastAPI `@app.middleware("http")` functions, Starlette
    `BaseHTTPMiddleware.dispatch` and Django middleware (classes and `get_response` closures)."""
    for function in module.function_nodes:
        names = {_decorator_name(d) for d in function.decorator_list}
        if names & (EVERY_REQUEST_HOOKS | {"middleware"}):
            yield function
    for cls in module.class_nodes:
        if _is_middleware_class(cls):
            yield from (m for m in methods(cls) if m.name in MIDDLEWARE_METHODS)
    for function in module.function_nodes:
        if _is_middleware_factory(function):
            yield from (n for n in function.body if isinstance(n, FunctionNode))


def _decorator_name(decorator: ast.expr) -> str:
    return last_name(decorator.func if isinstance(decorator, ast.Call) else decorator)


def _is_middleware_class(cls: ast.ClassDef) -> bool:
    bases = {last_name(base_name(b)) for b in cls.bases}
    return cls.name.endswith("Middleware") or bool(
        bases & {"BaseHTTPMiddleware", "MiddlewareMixin"}
    )


def _is_middleware_factory(function: FunctionNode) -> bool:
    """`def timing(get_response): def middleware(request): ...; return middleware`."""
    parameters = [a.arg for a in function.args.args]
    return parameters == ["get_response"]
