"""Which kind of infrastructure code talks to: SQL, HTTP, e-mail, files, cache, templates."""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Iterable, Mapping

from reviewer.analyzers.design.ast_tools import dotted, last_name, name_tokens, string_text
from reviewer.analyzers.design.context import ModuleInfo, qualify

SQL = "SQL"
HTTP = "HTTP"
MAIL = "e-mail"
FILES = "filesystem"
CACHE = "cache"
FORMAT = "formatting"
KIND_ORDER = (SQL, HTTP, MAIL, FILES, CACHE, FORMAT)

# Qualified call prefixes whose module decides the kind.
MODULE_KINDS: tuple[tuple[str, str], ...] = (
    ("sqlite3.", SQL),
    ("psycopg2.", SQL),
    ("psycopg.", SQL),
    ("pymysql.", SQL),
    ("MySQLdb.", SQL),
    ("mysql.connector.", SQL),
    ("sqlalchemy.", SQL),
    ("asyncpg.", SQL),
    ("pymongo.", SQL),
    ("requests.", HTTP),
    ("httpx.", HTTP),
    ("urllib.request.", HTTP),
    ("urllib3.", HTTP),
    ("http.client.", HTTP),
    ("aiohttp.", HTTP),
    ("smtplib.", MAIL),
    ("twilio.", MAIL),
    ("email.message.EmailMessage", MAIL),
    ("email.mime.", MAIL),
    ("redis.", CACHE),
    ("memcache.", CACHE),
    ("pymemcache.", CACHE),
    ("jinja2.", FORMAT),
    ("string.Template", FORMAT),
    ("csv.writer", FORMAT),
    ("csv.DictWriter", FORMAT),
    ("mako.", FORMAT),
    ("shutil.", FILES),
    ("os.remove", FILES),
    ("os.unlink", FILES),
    ("os.rename", FILES),
    ("os.replace", FILES),
    ("os.makedirs", FILES),
    ("os.mkdir", FILES),
    ("os.rmdir", FILES),
    ("os.listdir", FILES),
    ("os.scandir", FILES),
    ("io.open", FILES),
)
KIND_BY_NAME = {prefix.rstrip("."): kind for prefix, kind in MODULE_KINDS}
SQL_METHODS = frozenset(
    {
        "execute",
        "executemany",
        "executescript",
        "fetchone",
        "fetchall",
        "fetchmany",
        "cursor",
        "commit",
        "rollback",
        "query",
    }
)
SQL_RECEIVERS = frozenset(
    {
        "conn",
        "connection",
        "cursor",
        "cur",
        "db",
        "database",
        "session",
        "engine",
        "sqlite",
        "tx",
        "transaction",
    }
)
HTTP_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "request", "urlopen"})
HTTP_RECEIVERS = frozenset({"http", "https", "httpx", "requests", "urllib3"})
LIBRARY_NAMES = frozenset({"httpx", "requests", "urllib3", "smtplib", "redis", "sqlite3"})
MAIL_METHODS = frozenset({"send_message", "sendmail", "starttls", "login", "send"})
MAIL_RECEIVERS = frozenset({"smtp", "mail", "mailer", "smtplib", "twilio", "sms"})
CACHE_METHODS = frozenset(
    {
        "get",
        "set",
        "put",
        "delete",
        "invalidate",
        "expire",
        "setex",
        "incr",
        "get_many",
        "set_many",
        "pop",
        "add",
    }
)
CACHE_RECEIVERS = frozenset({"cache", "redis", "memcache", "memcached"})
FILE_METHODS = frozenset(
    {
        "write_text",
        "read_text",
        "write_bytes",
        "read_bytes",
        "unlink",
        "mkdir",
        "rmdir",
        "touch",
        "iterdir",
    }
)
TEMPLATE_RECEIVERS = frozenset({"template", "tmpl", "jinja", "env", "environment"})

CLIENT_FACTORIES = frozenset(
    {
        "sqlite3.connect",
        "psycopg2.connect",
        "psycopg.connect",
        "pymysql.connect",
        "MySQLdb.connect",
        "mysql.connector.connect",
        "sqlalchemy.create_engine",
        "requests.Session",
        "requests.session",
        "httpx.Client",
        "httpx.AsyncClient",
        "urllib3.PoolManager",
        "http.client.HTTPConnection",
        "http.client.HTTPSConnection",
        "smtplib.SMTP",
        "smtplib.SMTP_SSL",
        "redis.Redis",
        "redis.StrictRedis",
        "redis.from_url",
        "memcache.Client",
        "aiohttp.ClientSession",
    }
)
ORM_METHODS = frozenset(
    {
        "get",
        "filter",
        "exclude",
        "all",
        "create",
        "count",
        "exists",
        "first",
        "last",
        "update",
        "delete",
        "get_or_create",
        "update_or_create",
        "aggregate",
        "values",
        "values_list",
        "bulk_create",
        "bulk_update",
        "in_bulk",
    }
)
SQL_TEXT = re.compile(
    r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|REPLACE|WITH|PRAGMA)\b", re.I
)
HTML_TEXT = re.compile(r"<(html|body|div|table|tr|td|th|ul|ol|li|p|h[1-6]|span|br)\b[^>]*>", re.I)


def qualified_call(call: ast.Call, names: ModuleInfo) -> str:
    """The dotted name a call calls, with the module's imports resolved."""
    return qualify(dotted(call.func) or "", names.imports)


def receiver_tokens(call: ast.Call) -> frozenset[str]:
    """The words of the object a method is called on: `self._menu_cache.get` -> {menu, cache}."""
    if not isinstance(call.func, ast.Attribute):
        return frozenset()
    return name_tokens(last_name(call.func.value))


def looks_like_sql(node: ast.AST) -> bool:
    """A string, f-string, concatenation or `%`/`.format` whose text starts like SQL."""
    if isinstance(node, ast.BinOp):
        return looks_like_sql(node.left)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr == "format" and looks_like_sql(node.func.value)
    text = string_text(node)
    return text is not None and bool(SQL_TEXT.match(text))


def is_orm_query(call: ast.Call) -> bool:
    """A Django-style manager call: `Model.objects.filter(...)`, `Model.objects.get(...)`."""
    return is_model_attribute_call(call, ORM_METHODS, "objects")


def is_model_attribute_call(call: ast.Call, ends: Collection[str], attribute: str) -> bool:
    """A chain that starts at a capitalised class's `attribute` and ends in one of `ends`:
    `Model.objects.filter(...).first()`, `User.query.filter_by(...).all()`."""
    if not isinstance(call.func, ast.Attribute) or call.func.attr not in ends:
        return False
    receiver: ast.expr = call.func.value
    while isinstance(receiver, ast.Call) and isinstance(receiver.func, ast.Attribute):
        receiver = receiver.func.value
    if not isinstance(receiver, ast.Attribute) or receiver.attr != attribute:
        return False
    return isinstance(receiver.value, ast.Name) and receiver.value.id[:1].isupper()


def is_sql_call(call: ast.Call, names: ModuleInfo) -> bool:
    """A database call: a driver function, or a query method on a connection-like object."""
    if _module_kind(qualified_call(call, names)) == SQL or is_orm_query(call):
        return True
    method = last_name(call.func) if isinstance(call.func, ast.Attribute) else ""
    if method not in SQL_METHODS:
        return False
    if method.startswith("execute") and call.args and looks_like_sql(call.args[0]):
        return True
    return bool(receiver_tokens(call) & SQL_RECEIVERS)


def call_kind(call: ast.Call, names: ModuleInfo) -> str | None:
    """The infrastructure kind one call talks to, or None."""
    if isinstance(call.func, ast.Attribute) and _shadows_library(call.func.value, names):
        return None  # `requests.get(key)` on a parameter named `requests`, not the library
    qualified = qualified_call(call, names)
    if qualified == "open" and "open" not in names.imports:
        return FILES
    kind = _module_kind(qualified)
    if kind is not None:
        return kind
    if not isinstance(call.func, ast.Attribute):
        return None
    if is_sql_call(call, names):
        return SQL
    bound = names.clients.get(dotted(call.func.value) or "")
    return bound or _method_kind(call.func.attr, receiver_tokens(call))


def _shadows_library(receiver: ast.expr, names: ModuleInfo) -> bool:
    """A bare name spelled like a client library (`requests`, `httpx`) that this module does
    not import: a local variable, whose `.get()` is a dictionary's."""
    if not isinstance(receiver, ast.Name):
        return False
    return receiver.id in LIBRARY_NAMES and receiver.id not in names.imports


def bound_clients(statements: Iterable[ast.AST], imports: Mapping[str, str]) -> dict[str, str]:
    """Names (`session`, `self.conn`) bound to a client made by a known library, with its kind,
    among a module's statements (in `ast.walk` order: a later binding of a name wins)."""
    clients: dict[str, str] = {}
    for node in statements:
        if not isinstance(node, ast.Assign):
            continue
        for call in _made_by(node.value):
            made = qualify(dotted(call.func) or "", imports)
            kind = _module_kind(made)
            if kind in {SQL, HTTP, MAIL, CACHE} and made in CLIENT_FACTORIES:
                clients.update((name, kind) for t in node.targets if (name := dotted(t)))
    return clients


def _made_by(value: ast.expr) -> list[ast.Call]:
    """The calls that may produce a value: itself, or either side of `a or b` / `a if c else b`."""
    if isinstance(value, ast.BoolOp):
        return [c for v in value.values for c in _made_by(v)]
    if isinstance(value, ast.IfExp):
        return [*_made_by(value.body), *_made_by(value.orelse)]
    return [value] if isinstance(value, ast.Call) else []


def _module_kind(qualified: str) -> str | None:
    """The kind of the longest listed module or name that `qualified` starts with."""
    parts = qualified.split(".")
    for end in range(len(parts), 0, -1):
        kind = KIND_BY_NAME.get(".".join(parts[:end]))
        if kind is not None:
            return kind
    return None


def _method_kind(method: str, receiver: frozenset[str]) -> str | None:
    if method in HTTP_METHODS and receiver & HTTP_RECEIVERS:
        return HTTP
    if method in MAIL_METHODS and receiver & MAIL_RECEIVERS:
        return MAIL
    if method in CACHE_METHODS and receiver & CACHE_RECEIVERS:
        return CACHE
    if method in FILE_METHODS:
        return FILES
    if method == "render" and receiver & TEMPLATE_RECEIVERS:
        return FORMAT
    return None


def node_kind(node: ast.AST, names: ModuleInfo) -> str | None:
    """The kind of a call, or of text built as a report or an HTML page."""
    if isinstance(node, ast.Call):
        return call_kind(node, names)
    if isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Add):
        built = node.value
        return FORMAT if isinstance(built, ast.JoinedStr) and _has_layout(built) else None
    text = string_text(node) if isinstance(node, ast.JoinedStr | ast.Constant) else None
    if text is not None and HTML_TEXT.search(text):
        return FORMAT
    return None


def _has_layout(text: ast.JoinedStr) -> bool:
    """An f-string with widths or alignment, the mark of a hand-built table or receipt."""
    for value in text.values:
        if isinstance(value, ast.FormattedValue) and value.format_spec is not None:
            spec = string_text(value.format_spec) or ""
            if any(mark in spec for mark in "<>^") or spec[:1].isdigit():
                return True
    return False


def kinds_in(nodes: Iterable[ast.AST], names: ModuleInfo) -> dict[str, ast.AST]:
    """Each kind met among the nodes, with the first node of that kind."""
    found: dict[str, ast.AST] = {}
    for node in nodes:
        kind = node_kind(node, names)
        if kind is not None and kind not in found:
            found[kind] = node
    return found


def ordered(kinds: Iterable[str]) -> list[str]:
    """Kinds in a stable, readable order."""
    present = set(kinds)
    return [kind for kind in KIND_ORDER if kind in present]
