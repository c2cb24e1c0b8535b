"""What part a class plays in a Laravel application, from its name, parents and folder."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import PurePosixPath


class Role(enum.Enum):
    """The part a class plays in a Laravel application."""

    CONTROLLER = "controller"
    REQUEST = "request"
    MODEL = "model"
    MIGRATION = "migration"
    SEEDER = "seeder"
    FACTORY = "factory"
    PROVIDER = "provider"
    TEST = "test"
    ENUM = "enum"
    INTERFACE = "interface"
    EXCEPTION = "exception"
    STRATEGY = "strategy"
    REPOSITORY = "repository"
    OBSERVER = "observer"
    VALUE_OBJECT = "value-object"
    SERVICE = "service"
    EDGE = "edge"
    OTHER = "other"
    SCRIPT = "script"


# Where `new` and static calls are the point of the class: the composition root, factories,
# Eloquent models, the database's own scripts, and types that only hold data.
WIRING_ROLES = frozenset(
    {
        Role.FACTORY,
        Role.PROVIDER,
        Role.MODEL,
        Role.MIGRATION,
        Role.SEEDER,
        Role.TEST,
        Role.ENUM,
        Role.EXCEPTION,
        Role.VALUE_OBJECT,
        Role.SCRIPT,
    }
)
DOMAIN_ROLES = frozenset({Role.SERVICE, Role.STRATEGY})
BUSINESS_RULE_ROLES = frozenset(
    {Role.SERVICE, Role.STRATEGY, Role.VALUE_OBJECT, Role.ENUM, Role.OTHER}
)
DATABASE_SCRIPT_ROLES = frozenset({Role.MIGRATION, Role.SEEDER, Role.FACTORY, Role.TEST})


@dataclass(frozen=True)
class ClassFacts:
    """What a declaration says about a class, enough to tell its role."""

    kind: str
    name: str
    extends: str = ""
    implements: tuple[str, ...] = ()
    readonly: bool = False


@dataclass(frozen=True)
class Sign:
    """How a role shows: a name suffix, a parent class, or a folder on the path."""

    role: Role
    suffixes: tuple[str, ...] = ()
    parents: frozenset[str] = frozenset()
    folders: frozenset[str] = frozenset()

    def shows(self, facts: ClassFacts, folders: frozenset[str]) -> bool:
        """True when the class's name, parent, interfaces or folder carry this sign."""
        names = (facts.name, facts.extends, *facts.implements)
        by_name = bool(self.suffixes) and any(n.endswith(self.suffixes) for n in names if n)
        return by_name or facts.extends in self.parents or bool(folders & self.folders)


# First match wins: tests and database scripts before the application's own layers.
SIGNS = (
    Sign(Role.TEST, ("Test", "TestCase"), folders=frozenset({"tests", "testing"})),
    Sign(Role.MIGRATION, parents=frozenset({"Migration"}), folders=frozenset({"migrations"})),
    Sign(Role.SEEDER, ("Seeder",), folders=frozenset({"seeders"})),
    Sign(Role.FACTORY, ("Factory",), folders=frozenset({"factories"})),
    # a library's extension (CommonMark's, Twig's) registers parsers and renderers: wiring
    Sign(Role.PROVIDER, ("ServiceProvider", "Extension"), folders=frozenset({"providers"})),
    Sign(Role.EXCEPTION, ("Exception", "Error", "Throwable"), folders=frozenset({"exceptions"})),
    Sign(Role.CONTROLLER, ("Controller",), folders=frozenset({"controllers"})),
    Sign(Role.REQUEST, ("Request",), frozenset({"FormRequest"}), frozenset({"requests"})),
    Sign(Role.MODEL, (), frozenset({"Model", "Authenticatable", "Pivot"}), frozenset({"models"})),
    Sign(Role.STRATEGY, ("Strategy", "State"), folders=frozenset({"strategies"})),
    Sign(Role.REPOSITORY, ("Repository",), folders=frozenset({"repositories"})),
    Sign(Role.OBSERVER, ("Observer",), folders=frozenset({"observers"})),
    Sign(
        Role.VALUE_OBJECT,
        ("Data", "Dto", "DTO", "ValueObject"),
        folders=frozenset({"valueobjects", "values", "dto", "dtos", "data"}),
    ),
    Sign(
        Role.SERVICE,
        ("Service", "Action", "Calculator"),
        folders=frozenset({"services", "actions", "domain"}),
    ),
    Sign(
        Role.EDGE,
        (
            *("Middleware", "Command", "Job", "Listener", "Resource", "Event", "Mail"),
            *("Notification", "Clock"),
        ),
        folders=frozenset(
            {
                *("middleware", "console", "jobs", "listeners", "policies", "resources"),
                *("events", "mail", "notifications", "casts", "routes", "config", "bootstrap"),
                *("public", "infrastructure"),
            }
        ),
    ),
)


def role_of(path: str, facts: ClassFacts) -> Role:
    """The role of one class declared in the file at `path`."""
    if facts.kind == "enum_declaration":
        return Role.ENUM
    if facts.kind == "interface_declaration":
        return Role.INTERFACE
    folders = frozenset(part.lower() for part in PurePosixPath(path).parts[:-1])
    role = next((s.role for s in SIGNS if s.shows(facts, folders)), Role.OTHER)
    return Role.VALUE_OBJECT if role is Role.OTHER and facts.readonly else role


def script_role(path: str) -> Role:
    """The role of code outside any class: a test helper or database script, else a script."""
    folders = frozenset(part.lower() for part in PurePosixPath(path).parts[:-1])
    return Role.TEST if "tests" in folders else Role.SCRIPT
