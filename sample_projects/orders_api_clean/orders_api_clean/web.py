"""A tiny Flask-style router and its WSGI adapter, standard library only."""

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from urllib.parse import parse_qsl
from wsgiref.types import StartResponse, WSGIEnvironment


class BadRequestError(Exception):
    """The request body or a parameter is missing or malformed."""

    def __init__(self, field: str) -> None:
        """Name the part of the request that could not be read."""
        super().__init__(f"missing or malformed {field!r}")


@dataclass(frozen=True)
class Request:
    """An HTTP request as the handlers see it."""

    method: str
    path: str
    query: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    def json(self) -> dict[str, object]:
        """Decode the body as a JSON object; an empty body is an empty object."""
        try:
            decoded = json.loads(self.body or b"{}")
        except ValueError as exc:
            raise BadRequestError("body") from exc
        if not isinstance(decoded, dict):
            raise BadRequestError("body")
        return decoded


@dataclass(frozen=True)
class Response:
    """A response whose body is serialized as JSON."""

    body: object
    status: HTTPStatus = HTTPStatus.OK


Handler = Callable[[Request, Mapping[str, str]], Response]


@dataclass(frozen=True)
class Route:
    """A method and a path pattern such as ``/orders/<order_id>``."""

    method: str
    parts: tuple[str, ...]
    handler: Handler

    def match(self, method: str, path_parts: tuple[str, ...]) -> dict[str, str] | None:
        """Return the path parameters if the request matches this route."""
        if method != self.method or len(path_parts) != len(self.parts):
            return None
        params: dict[str, str] = {}
        for expected, actual in zip(self.parts, path_parts, strict=True):
            if expected.startswith("<") and expected.endswith(">"):
                params[expected[1:-1]] = actual
            elif expected != actual:
                return None
        return params


def _split(path: str) -> tuple[str, ...]:
    return tuple(part for part in path.split("/") if part)


class Router:
    """Maps a method and path to a handler."""

    def __init__(self) -> None:
        """Start with no routes."""
        self._routes: list[Route] = []

    def add(self, method: str, pattern: str, handler: Handler) -> None:
        """Register ``handler`` for ``method`` requests to ``pattern``."""
        self._routes.append(Route(method, _split(pattern), handler))

    def dispatch(self, request: Request) -> Response:
        """Call the first matching handler, or answer 404."""
        path_parts = _split(request.path)
        for route in self._routes:
            params = route.match(request.method, path_parts)
            if params is not None:
                return route.handler(request, params)
        return Response({"error": "not found"}, HTTPStatus.NOT_FOUND)


class WsgiApp:
    """Serves a ``Router`` to any WSGI server."""

    def __init__(self, router: Router) -> None:
        """Dispatch every request through ``router``."""
        self._router = router

    def __call__(self, environ: WSGIEnvironment,
                 start_response: StartResponse) -> Iterable[bytes]:
        """Handle one WSGI request."""
        response = self._router.dispatch(_request_from(environ))
        status = f"{response.status.value} {response.status.phrase}"
        start_response(status, [("Content-Type", "application/json")])
        return [json.dumps(response.body).encode()]


def _request_from(environ: WSGIEnvironment) -> Request:
    length = int(environ.get("CONTENT_LENGTH") or 0)
    return Request(
        method=environ["REQUEST_METHOD"],
        path=environ.get("PATH_INFO", "/"),
        query=dict(parse_qsl(environ.get("QUERY_STRING", ""))),
        body=environ["wsgi.input"].read(length) if length else b"",
    )
