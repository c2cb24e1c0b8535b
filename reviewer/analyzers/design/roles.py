"""Roles that change what counts as a smell: roots, factories, seams, collaborators."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from reviewer.analyzers.design.ast_tools import (
    FunctionNode,
    base_name,
    is_main_guard,
    last_name,
    name_tokens,
)
from reviewer.analyzers.design.context import (
    ENUM_BASES,
    EXCEPTION_SUFFIXES,
    ModuleContext,
)

ROOT_NAMES = frozenset(
    {
        "main",
        "bootstrap",
        "create_app",
        "make_app",
        "cli",
        "run_cli",
        "entrypoint",
        "entry_point",
        "setup_app",
        "wire",
        "configure",
    }
)
FACTORY_PREFIXES = ("create_", "make_", "build_", "from_", "bootstrap_", "new_")
FACTORY_CLASS_SUFFIXES = ("Factory", "Builder", "Container", "Injector", "Bootstrap")
SEAM_TOKENS = frozenset(
    {
        "clock",
        "random",
        "rng",
        "generator",
        "provider",
        "source",
        "factory",
        "timer",
        "ids",
        "uuid",
        "fake",
        "stub",
        "dummy",
        "null",
        "noop",
    }
)
COLLABORATOR_SUFFIXES = (
    "Service",
    "Repository",
    "Repo",
    "Client",
    "Gateway",
    "Notifier",
    "Mailer",
    "Sender",
    "Dao",
    "DAO",
    "Adapter",
)
COLLABORATOR_CALLS = frozenset(
    {
        "sqlite3.connect",
        "psycopg2.connect",
        "psycopg.connect",
        "pymysql.connect",
        "MySQLdb.connect",
        "mysql.connector.connect",
        "sqlalchemy.create_engine",
        "pymongo.MongoClient",
        "redis.Redis",
        "redis.StrictRedis",
        "redis.from_url",
        "redis.Redis.from_url",
        "memcache.Client",
        "pymemcache.client.base.Client",
        "requests.Session",
        "requests.session",
        "httpx.Client",
        "httpx.AsyncClient",
        "urllib3.PoolManager",
        "http.client.HTTPConnection",
        "http.client.HTTPSConnection",
        "smtplib.SMTP",
        "smtplib.SMTP_SSL",
        "boto3.client",
        "boto3.resource",
        "boto3.Session",
        "twilio.rest.Client",
        "aiohttp.ClientSession",
        "ftplib.FTP",
        "paramiko.SSHClient",
    }
)
SERVICE_SUFFIXES = ("Service", "Manager", "Controller", "Handler", "UseCase", "Processor")


@dataclass(frozen=True)
class FunctionScope:
    """A function and the class whose body defines it, if any."""

    node: FunctionNode
    owner: ast.ClassDef | None

    @property
    def name(self) -> str:
        return self.node.name

    @property
    def qualname(self) -> str:
        return f"{self.owner.name}.{self.node.name}" if self.owner else self.node.name


def functions(module: ModuleContext) -> Iterator[FunctionScope]:
    """Every function of a module, methods with their class."""
    for node in module.function_nodes:
        parent = module.parent(node)
        yield FunctionScope(node, parent if isinstance(parent, ast.ClassDef) else None)


def classes(module: ModuleContext) -> Iterator[ast.ClassDef]:
    return iter(module.class_nodes)


def enclosing(module: ModuleContext, node: ast.AST) -> FunctionScope | None:
    """The innermost function around a node."""
    current = module.parent(node)
    while current is not None and not isinstance(current, ast.FunctionDef | ast.AsyncFunctionDef):
        current = module.parent(current)
    if current is None:
        return None
    owner = module.parent(current)
    return FunctionScope(current, owner if isinstance(owner, ast.ClassDef) else None)


def under_main_guard(module: ModuleContext, node: ast.AST) -> bool:
    """True inside `if __name__ == "__main__":`."""
    current = module.parent(node)
    while current is not None:
        if is_main_guard(current):
            return True
        current = module.parent(current)
    return False


def is_composition_root(scope: FunctionScope | None) -> bool:
    """`main`, `create_app`, `build_*` and other places where wiring belongs."""
    if scope is None:
        return False
    name = scope.name
    return name in ROOT_NAMES or name.startswith(FACTORY_PREFIXES)


def is_factory_class(cls: ast.ClassDef | None) -> bool:
    return cls is not None and cls.name.endswith(FACTORY_CLASS_SUFFIXES)


def is_seam(scope: FunctionScope | None) -> bool:
    """A clock, id generator or similar adapter: the one place a hidden input may live."""
    if scope is None:
        return False
    if scope.name in {"now", "today", "utcnow", "current_time", "timestamp"}:
        return True
    return scope.owner is not None and bool(name_tokens(scope.owner.name) & SEAM_TOKENS)


def is_value_class(module: ModuleContext, cls: ast.ClassDef) -> bool:
    """Dataclasses, named tuples, enums and exceptions: data, not services."""
    if "dataclass" in {last_name(d) for d in cls.decorator_list}:
        return True
    bases = {module.qualified(base_name(b)) for b in cls.bases}
    if bases & (ENUM_BASES | {"typing.NamedTuple", "NamedTuple"}):
        return True
    return cls.name.endswith(EXCEPTION_SUFFIXES) or any(
        b.endswith(EXCEPTION_SUFFIXES) for b in bases
    )


def is_enum(module: ModuleContext, cls: ast.ClassDef) -> bool:
    bases = {module.qualified(base_name(b)) for b in cls.bases}
    return bool(bases & ENUM_BASES) or any(b.endswith("Enum") for b in bases)


def collaborator_name(call: ast.Call, module: ModuleContext) -> str | None:
    """What a call creates when it creates a collaborator (a client, connection or service)."""
    qualified = module.qualified(call)
    if qualified in COLLABORATOR_CALLS:
        return qualified
    name = last_name(call.func)
    if name[:1].isupper() and name.endswith(COLLABORATOR_SUFFIXES):
        return name
    return None


def is_fallback_default(module: ModuleContext, call: ast.Call, parameters: frozenset[str]) -> bool:
    """`param or Client()` and `Client() if param is None else param`: injection with a default."""
    parent = module.parent(call)
    if isinstance(parent, ast.BoolOp) and isinstance(parent.op, ast.Or):
        return any(isinstance(v, ast.Name) and v.id in parameters for v in parent.values)
    if isinstance(parent, ast.IfExp):
        names = {n.id for n in module.index.subtree(parent.test) if isinstance(n, ast.Name)}
        return bool(names & parameters)
    return False


def parameter_names(function: FunctionNode) -> frozenset[str]:
    args = function.args
    every = [*args.posonlyargs, *args.args, *args.kwonlyargs]
    extra = [a for a in (args.vararg, args.kwarg) if a is not None]
    return frozenset(a.arg for a in [*every, *extra])


def is_service_class(cls: ast.ClassDef) -> bool:
    return cls.name.endswith(SERVICE_SUFFIXES)


def who(module: ModuleContext, scope: FunctionScope | None) -> str:
    """How a message names the code it is about: `Class.method`, `function` or the module."""
    return f"`{scope.qualname}`" if scope else f"module `{module.stem}`"
