"""Tiny Flask-style web layer so the routes read like a REST API."""
import json
from urllib.parse import parse_qs
from wsgiref.simple_server import make_server


class Request:
    def __init__(self, environ):
        self.method = environ.get("REQUEST_METHOD", "GET")
        self.path = environ.get("PATH_INFO", "/")
        query = parse_qs(environ.get("QUERY_STRING", ""))
        self.args = {k: v[0] for k, v in query.items()}
        self.headers = {k[5:].replace("_", "-").title(): v
                        for k, v in environ.items() if k.startswith("HTTP_")}
        length = int(environ.get("CONTENT_LENGTH") or 0)
        self.body = environ["wsgi.input"].read(length) if length else b""

    @property
    def json(self):
        return json.loads(self.body) if self.body else {}


class _RequestProxy:
    """Flask-like global `request` object."""

    current: Request | None = None

    def __getattr__(self, name):
        return getattr(_RequestProxy.current, name)


request = _RequestProxy()


class App:
    def __init__(self, name):
        self.name = name
        self.routes = {}

    def route(self, path, methods=["GET"]):
        def decorator(fn):
            for m in methods:
                self.routes[(m, path)] = fn
            return fn

        return decorator

    def __call__(self, environ, start_response):
        req = Request(environ)
        _RequestProxy.current = req
        handler, params = self._match(req.method, req.path)
        if handler is None:
            start_response("404 Not Found", [("Content-Type", "application/json")])
            return [b'{"error": "not found"}']
        result = handler(**params)
        status = 200
        if isinstance(result, tuple):
            result, status = result
        body = json.dumps(result, default=str).encode()
        start_response(f"{status} OK", [("Content-Type", "application/json")])
        return [body]

    def _match(self, method, path):
        for (m, pattern), fn in self.routes.items():
            if m != method:
                continue
            pattern_parts = pattern.strip("/").split("/")
            parts = path.strip("/").split("/")
            if len(pattern_parts) != len(parts):
                continue
            params = {}
            for expected, actual in zip(pattern_parts, parts):
                if expected.startswith("<") and expected.endswith(">"):
                    params[expected[1:-1]] = actual
                elif expected != actual:
                    break
            else:
                return fn, params
        return None, {}

    def run(self, host="0.0.0.0", port=5000):
        print(f"Running {self.name} on http://{host}:{port}")
        make_server(host, port, self).serve_forever()
