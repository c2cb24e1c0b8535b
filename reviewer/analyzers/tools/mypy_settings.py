"""The project's mypy configuration with its type settings only.

mypy reads the configuration it finds itself, and some of its options act on the world: the
reports and `junit_xml` write files at any path, and `install_types` runs pip to install
packages into an interpreter. The command line cannot unset them, so mypy is given a copy of
the project's file without them (`--config-file`), written where nothing else is. What mypy
resolves against the configuration's own folder (`$MYPY_CONFIG_FILE_DIR`, plugins named by a
`.py` path) is resolved there first, so the copy means what the original does.

The plugins and `python_executable` named there are kept: the documented exception, as under
`mypy` itself (mypy's types depend on them; disable mypy to review code you do not trust)."""

from __future__ import annotations

import configparser
import json
import os
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Options that write files, run programs or install packages; `cache_dir` is ours to give.
DROPPED = frozenset(
    {"junit_xml", "junit_format", "install_types", "non_interactive", "cache_dir", "bazel"}
)
# The options whose paths mypy expands, `$MYPY_CONFIG_FILE_DIR` among them.
EXPANDED = frozenset({"mypy_path", "custom_typeshed_dir", "files"})
_CONFIG_DIR = re.compile(r"\$(?:\{MYPY_CONFIG_FILE_DIR\}|MYPY_CONFIG_FILE_DIR\b)")


def is_dropped(option: str) -> bool:
    """True for an option that makes mypy write, install or run something."""
    return option in DROPPED or option.endswith("_report")


def safe_config(config: str, folder: Path) -> str:
    """The file to give mypy as `--config-file`: a copy of `config` in `folder` without the
    dropped options, or `config` itself when it does not parse (mypy, told to read it, says
    so and applies none of it)."""
    source = Path(config)
    write = _toml_copy if source.suffix == ".toml" else _ini_copy
    try:
        text = write(source.read_text(encoding="utf-8"), _Resolver(source.parent))
    except (OSError, UnicodeDecodeError, ValueError, configparser.Error):
        return config
    copy = folder / source.name
    copy.write_text(text, encoding="utf-8")
    return str(copy)


class _Resolver:
    """An option's value as mypy would read it in the original file's folder."""

    def __init__(self, home: Path) -> None:
        self.home = str(home.resolve())

    def value(self, option: str, value: Any) -> Any:
        if option == "plugins":
            return self._plugins(value)
        if option in EXPANDED:
            return _mapped(value, lambda text: _CONFIG_DIR.sub(lambda _: self.home, text))
        return value

    def _plugins(self, value: Any) -> Any:
        if isinstance(value, str):  # an ini file's comma-separated list
            return ",".join(self._plugin(p.strip()) for p in value.split(",") if p.strip())
        return _mapped(value, self._plugin)

    def _plugin(self, plugin: str) -> str:
        """mypy reads `path.py[:function]` relative to the configuration's folder."""
        path, colon, function = plugin.rpartition(":")
        if not colon or os.sep in function:
            path, function = plugin, ""
        if not path.endswith(".py"):
            return plugin
        return os.path.join(self.home, path) + (f":{function}" if function else "")


def _mapped(value: Any, change: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return change(value)
    if isinstance(value, list):
        return [_mapped(item, change) for item in value]
    return value


def _kept(section: dict[str, Any], resolver: _Resolver) -> dict[str, Any]:
    return {
        key: resolver.value(key, value) for key, value in section.items() if not is_dropped(key)
    }


def _ini_copy(text: str, resolver: _Resolver) -> str:
    """mypy.ini, .mypy.ini, setup.cfg: the mypy sections, read as mypy reads them."""
    original = configparser.RawConfigParser()
    original.read_string(text)
    copy = configparser.RawConfigParser()
    for name in original.sections():
        if name == "mypy" or name.startswith("mypy-"):
            copy[name] = _kept(dict(original[name]), resolver)
    lines: list[str] = []
    for name in copy.sections():
        lines.append(f"[{name}]")
        lines += [f"{key} = {_ini_value(value)}" for key, value in copy[name].items()]
    return "\n".join(lines) + "\n"


def _ini_value(value: str) -> str:
    """A value over several lines continues on indented lines, as configparser reads it."""
    return "\n\t".join(value.splitlines())


def _toml_copy(text: str, resolver: _Resolver) -> str:
    """pyproject.toml: its `[tool.mypy]` table, overrides included, as one inline table."""
    tool = tomllib.loads(text).get("tool")
    mypy = tool.get("mypy") if isinstance(tool, dict) else None
    if not isinstance(mypy, dict):
        raise ValueError("no [tool.mypy] table")
    kept = _kept(mypy, resolver)
    if isinstance(kept.get("overrides"), list):
        kept["overrides"] = [
            _kept(o, resolver) if isinstance(o, dict) else o for o in kept["overrides"]
        ]
    return f"[tool]\nmypy = {_toml(kept)}\n"


def _toml(value: Any) -> str:
    """A value written as TOML on one line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    if isinstance(value, dict):
        pairs = (f"{_toml(str(key))} = {_toml(item)}" for key, item in value.items())
        return "{" + ", ".join(pairs) + "}"
    # JSON's escapes are TOML's, but for DEL, which TOML wants escaped too
    return json.dumps(str(value), ensure_ascii=False).replace("\x7f", "\\u007f")


def search_path(config: str, root: Path) -> list[Path]:
    """The folders the configuration's `mypy_path` names, as mypy run in `root` reads them;
    none when there is no configuration or it does not parse."""
    source = Path(config) if config else None
    try:
        value = (
            mypy_setting(source.read_text(encoding="utf-8"), source, "mypy_path")
            if source
            else None
        )
    except (OSError, UnicodeDecodeError, ValueError, configparser.Error):
        return []
    if isinstance(value, str):
        value = re.split("[,:]", value)
    if not isinstance(value, list) or not source:
        return []
    resolve = _Resolver(source.parent)
    expanded = (
        os.path.expandvars(os.path.expanduser(resolve.value("mypy_path", str(entry).strip())))
        for entry in value
    )
    return [root / entry for entry in expanded if entry]


def mypy_setting(text: str, source: Path, key: str) -> Any:
    """One global setting of a mypy configuration file's text (TOML or INI), or None."""
    if source.suffix == ".toml":
        tool = tomllib.loads(text).get("tool")
        mypy = tool.get("mypy") if isinstance(tool, dict) else None
        return mypy.get(key) if isinstance(mypy, dict) else None
    parser = configparser.RawConfigParser()
    parser.read_string(text)
    return parser.get("mypy", key, fallback=None)
