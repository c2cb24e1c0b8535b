"""The project's Python environment, where mypy finds its installed packages.

mypy asks an interpreter where its packages are by running it (`--python-executable`), and a
virtual environment's interpreter runs the `.pth` files of its site-packages as it starts:
code. The reviewed tree is not trusted, so only an interpreter the user chose outside it is
run (`--python`, the shell's active virtual environment). A virtual environment found in the
tree (`.venv`, `venv`) or named by its config file is read, never run: its site-packages
folders are found by listing it, and mypy is given as its interpreter a stand-in that prints
them (a shell script that only prints a file we wrote), which is all mypy asks of it."""

from __future__ import annotations

import hashlib
import os
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# The folders at a project's root that hold its virtual environment, in the order looked at.
PROJECT_VENVS = (".venv", "venv")


@dataclass(frozen=True)
class Environment:
    """`executable`: an interpreter the user chose, which mypy runs; `site_packages`: the
    folders of a virtual environment read, not run; neither: the one `review` runs in."""

    executable: str = ""
    site_packages: tuple[str, ...] = ()

    def flags(self, scratch: Path) -> list[str]:
        """mypy's command-line flags for this environment; its stand-in written in `scratch`."""
        if self.executable:
            return ["--python-executable", self.executable]
        stand_in = _stand_in(scratch, self.site_packages) if self.site_packages else ""
        return ["--python-executable", stand_in] if stand_in else []

    def stamp(self) -> str:
        """What mypy's answer depends on here: the interpreter, or the packages installed
        (each folder's names: a dist-info name carries its version)."""
        if self.executable:
            home = Path(self.executable).parent.parent  # a virtual environment's, if one
            packages = read_venv(home).stamp() if is_venv(home) else ""
            return f"{self.executable}\0{_modified(Path(self.executable))}\0{packages}"
        return "\0".join(f"{folder}\0{_listing(folder)}" for folder in self.site_packages)


def project_environment(root: Path, python: str | None, venv: str | None) -> Environment:
    """The environment to check `root` against: `--python`, the config file's `python`, the
    active virtual environment, a `.venv` or `venv` at the root; the first that is there."""
    if python:
        return Environment(executable=python)
    if venv:
        return read_venv(Path(venv))
    active = os.environ.get("VIRTUAL_ENV", "")
    if active and not _is_ours(Path(active)):
        interpreter = venv_interpreter(Path(active))
        if interpreter:
            return Environment(executable=str(interpreter))
    for name in PROJECT_VENVS:
        if is_venv(root / name):
            return read_venv(root / name)
    return Environment()


def is_venv(folder: Path) -> bool:
    return (folder / "pyvenv.cfg").is_file()


def venv_interpreter(folder: Path) -> Path | None:
    """The interpreter of a virtual environment, POSIX or Windows layout."""
    for candidate in (folder / "bin" / "python", folder / "Scripts" / "python.exe"):
        if candidate.is_file():
            return candidate
    return None


def read_venv(folder: Path) -> Environment:
    """A virtual environment's site-packages folders, found by listing it: only folders that
    are inside it once symbolic links are followed (one may point anywhere)."""
    try:
        home = folder.resolve(strict=True)
        candidates = [*home.glob("lib/python3*/site-packages"), home / "Lib" / "site-packages"]
    except OSError:
        return Environment()
    real = (candidate.resolve() for candidate in candidates)
    inside = {str(path) for path in real if path.is_dir() and path.is_relative_to(home)}
    return Environment(site_packages=tuple(sorted(inside)))


def _is_ours(folder: Path) -> bool:
    """True for the environment `review` runs in: mypy's default already, not the project's."""
    try:
        return folder.resolve() == Path(sys.prefix).resolve()
    except OSError:
        return False


def _stand_in(scratch: Path, site_packages: tuple[str, ...]) -> str:
    """An executable that answers mypy's question (mypy/pyinfo.py `getsearchdirs`: the
    interpreter's path and its site-packages, as a Python literal) without running Python;
    "" when it cannot be written or run."""
    answer = scratch / "search_dirs.txt"
    try:
        answer.write_text(repr(([], list(site_packages))) + "\n", encoding="utf-8")
        if os.name == "nt":
            script = scratch / "python.cmd"
            script.write_text(f'@type "{answer}"\r\n', encoding="utf-8")
        else:
            script = scratch / "python"
            quoted = shlex.quote(str(answer))
            script.write_text(f"#!/bin/sh\nexec cat {quoted}\n", encoding="utf-8")
            script.chmod(0o700)
    except OSError:
        return ""
    return str(script) if _runs(script) else ""


def _runs(script: Path) -> bool:
    """True when the stand-in can be started: not where files may not be run (a `noexec`
    temporary folder), which would stop mypy; there mypy keeps `review`'s own packages."""
    try:
        # our own script, written above: it only prints a file
        subprocess.run([str(script)], capture_output=True, timeout=10, check=True)  # noqa: S603  # nosec B603
    except (OSError, subprocess.SubprocessError):
        return False
    return True


def _listing(folder: str) -> str:
    try:
        return "\0".join(sorted(os.listdir(folder)))
    except OSError:
        return "unlisted"


def _modified(path: Path) -> str:
    try:
        return str(path.stat().st_mtime_ns)
    except OSError:
        return "missing"


def chosen_environments(python: str | None, venv: str | None) -> str:
    """What the environments chosen outside the project depend on (`--python`, the config
    file's `python`, the active virtual environment): part of mypy's cache key."""
    active = os.environ.get("VIRTUAL_ENV", "")
    interpreter = venv_interpreter(Path(active)) if active else None
    chosen = (
        Environment(executable=python or ""),
        read_venv(Path(venv)) if venv else Environment(),
        Environment(executable=str(interpreter or "")),
    )
    return _digest("\0\0".join(environment.stamp() for environment in chosen))


def project_venvs(root: Path) -> str:
    """What the virtual environments at a project's root depend on: part of its cache key."""
    found = (read_venv(root / name) for name in PROJECT_VENVS if is_venv(root / name))
    return _digest("\0\0".join(environment.stamp() for environment in found))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()
