"""Issue 8, item 5: the tool's own security. Hostile file names and code are escaped in every
format that a browser or a CI runner interprets; the source runs no shell, no eval and no
unsafe YAML; no setting can name a program to run (except the reviewed project's own mypy
configuration, which mypy follows as it always does) and no tool is looked up on PATH; and
`--output` writes exactly where it was asked.

What "exactly where it was asked" means: the path given to `--output` is the user's choice,
`..` included. review writes that one file (creating missing parent folders) and nothing
else, through a temporary file beside it that is renamed over it. A symbolic link at that
very name is replaced, never followed, so a link planted in a shared folder cannot redirect
the write; a folder link earlier in the path is the user's own and is followed like any
folder. The file keeps its mode (a new one gets the umask's)."""

from __future__ import annotations

import ast
import json
import os
import re
import stat
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reviewer.cli import main
from tests.helpers import REPO, Cli, write

HOSTILE_NAME = "<img src=x onerror=alert(1)>.py"
HOSTILE_CODE = '''\
def run(text):
    """Run </script><script>alert(2)</script> for the caller."""
    return eval(text)  # </script><img src=y onerror=alert(3)>
'''


class Tags(HTMLParser):
    """Every element and attribute a browser would build from a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def assert_inert(html: str) -> None:
    """No element that runs script: no script or img, no on* handler, no javascript: link."""
    for tag, attrs in elements(html):
        assert tag not in {"script", "img", "iframe", "object", "embed"}, tag
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        assert not any("javascript:" in (value or "") for value in attrs.values()), attrs


@pytest.fixture
def hostile(chdir_tmp: Path) -> Path:
    write(chdir_tmp, HOSTILE_NAME, HOSTILE_CODE)
    return chdir_tmp


def test_the_html_write_up_escapes_hostile_names_and_code(cli: Cli, hostile: Path) -> None:
    run = cli("--format", "html")
    assert run.code == 1 and run.err == ""
    assert_inert(run.out)
    assert "&lt;img src=x onerror=alert(1)&gt;.py" in run.out
    assert "&lt;/script&gt;" in run.out  # the code is shown, as text


def rendered(markdown: str) -> str:
    """Markdown as a CommonMark renderer that lets raw HTML through shows it (many wikis,
    GitLab and static-site generators do; GitHub sanitizes after rendering)."""
    markdown_it = pytest.importorskip("markdown_it")
    html = markdown_it.MarkdownIt("commonmark", {"html": True}).render(markdown)
    assert isinstance(html, str)
    return html


def test_markdown_comments_keep_hostile_names_as_code(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, HOSTILE_NAME, HOSTILE_CODE)
    run = cli("--format", "markdown")
    assert run.code == 1
    body = run.out.split("## Talking points")[0]  # the talking points have a test of their own
    assert_inert(rendered(body))


def test_the_markdown_talking_points_keep_hostile_names_as_code(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, HOSTILE_NAME, HOSTILE_CODE)
    run = cli("--format", "markdown")
    assert "## Talking points" in run.out
    assert_inert(rendered(run.out))


def test_a_backtick_in_a_name_cannot_close_its_code_span(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "a.py", HOSTILE_CODE)  # the primary place: sorted first
    write(chdir_tmp, "x`<img src=x onerror=alert(4)>`.py", HOSTILE_CODE)
    run = cli("--format", "markdown")
    assert "Also applies to:" in run.out
    assert_inert(rendered(run.out))


def test_the_html_write_up_survives_a_backtick_in_a_name(cli: Cli, chdir_tmp: Path) -> None:
    write(chdir_tmp, "a.py", HOSTILE_CODE)
    write(chdir_tmp, "x`<img src=x onerror=alert(4)>`.py", HOSTILE_CODE)
    run = cli("--format", "html")
    assert run.code == 1
    assert_inert(run.out)


GITHUB_COMMAND = re.compile(r"::(?P<command>\w+)(?: (?P<properties>[^:]*))?::(?P<message>.*)")


def unescape(value: str) -> str:
    for escaped, plain in (("%0A", "\n"), ("%0D", "\r"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(escaped, plain)
    return value


def test_github_annotations_cannot_be_forged_by_a_file_name(cli: Cli, chdir_tmp: Path) -> None:
    """A file name holding a newline and `::error ...` stays the value of one `file=`."""
    name = "a\n::error file=forged.py,line=1::forged.py"
    write(chdir_tmp, name, HOSTILE_CODE)
    run = cli("--format", "github")
    assert run.code == 1
    files = set()
    for line in run.out.splitlines():
        command = GITHUB_COMMAND.fullmatch(line)
        assert command is not None, line  # every line is one workflow command
        properties = dict(p.split("=", 1) for p in (command["properties"] or "").split(",") if p)
        if "file" in properties:
            files.add(unescape(properties["file"]))
    assert files == {name}


def test_machine_formats_stay_valid_json_with_hostile_names(cli: Cli, hostile: Path) -> None:
    for output_format in ("json", "gitlab", "sarif"):
        run = cli("--format", output_format)
        report = json.dumps(json.loads(run.out), ensure_ascii=False)
        assert output_format == "sarif" or HOSTILE_NAME in report  # SARIF holds URIs


# ---------------------------------------------------------------- the source itself


def source_trees() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted((REPO / "reviewer").rglob("*.py")):
        yield path, ast.parse(path.read_bytes(), filename=str(path))


def dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{dotted(node.value)}.{node.attr}"
    return ""


FORBIDDEN_CALLS = {
    "eval",
    "exec",
    "__import__",
    "os.system",
    "os.popen",
    "subprocess.getoutput",
    "subprocess.getstatusoutput",
    "pickle.load",
    "pickle.loads",
    "marshal.loads",
    "yaml.unsafe_load",
    "yaml.full_load",
    "yaml.load_all",
}
SUBPROCESS_CALLS = {
    "subprocess.run",
    "subprocess.Popen",
    "subprocess.call",
    "subprocess.check_output",
}


def calls() -> Iterator[tuple[str, ast.Call]]:
    for path, tree in source_trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                yield f"{path.relative_to(REPO)}:{node.lineno}", node


def uses_a_shell(call: ast.Call) -> bool:
    """`shell=` anything but False, or a subprocess given its command line as one string."""
    for keyword in call.keywords:
        value = keyword.value
        if keyword.arg == "shell" and not (
            isinstance(value, ast.Constant) and value.value is False
        ):
            return True
    command = call.args[0] if call.args else None
    string = isinstance(command, ast.Constant | ast.JoinedStr | ast.BinOp)
    return dotted(call.func) in SUBPROCESS_CALLS and string


def test_the_source_never_uses_a_shell() -> None:
    assert [where for where, call in calls() if uses_a_shell(call)] == []
    assert sum(dotted(c.func) in SUBPROCESS_CALLS for _, c in calls()) >= 2  # the scan sees them


def test_the_source_never_evaluates_code_or_unpickles() -> None:
    assert [(w, dotted(c.func)) for w, c in calls() if dotted(c.func) in FORBIDDEN_CALLS] == []


def loaders_named(node: ast.expr, tree: ast.Module) -> set[str]:
    """The names a `Loader=` argument can stand for: itself, or what its variable is given."""
    if not isinstance(node, ast.Name):
        return {dotted(node)}
    values = [
        a.value
        for a in ast.walk(tree)
        if isinstance(a, ast.Assign) and any(dotted(t) == node.id for t in a.targets)
    ]
    named = {dotted(n) for v in values for n in ast.walk(v) if isinstance(n, ast.Attribute)}
    named |= {str(n.value) for v in values for n in ast.walk(v) if isinstance(n, ast.Constant)}
    return {n for n in named if n.endswith("Loader")}


def test_yaml_is_only_ever_loaded_safely() -> None:
    loads = 0
    for path, tree in source_trees():
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            name = dotted(call.func)
            if name.endswith("yaml.safe_load"):
                loads += 1
            elif name.endswith("yaml.load"):
                loads += 1
                loader = next((k.value for k in call.keywords if k.arg == "Loader"), None)
                assert loader is not None, f"{path}:{call.lineno}"
                names = loaders_named(loader, tree)
                assert names and all("Safe" in n for n in names), (f"{path}:{call.lineno}", names)
    assert loads >= 2  # the catalog and the talking points are YAML: the scan sees them


# ---------------------------------------------------------------- settings cannot run programs


# Every key [tool.reviewer] accepts. None names a program, a module or a path to execute; a
# new key must keep it so (this list is here so that adding one means reading this comment).
CONFIG_KEYS = {
    "exclude",
    "fail-on",
    "max-comments",
    "voice",
    "disable",
    "timeout",
    "thresholds",
    "rules",
    "select",  # these four name rules only: ids, categories, analyzer codes
    "extend-select",
    "ignore",
    "per-file-ignores",
    # a virtual environment whose site-packages are read, never run: the interpreter and its
    # .pth files are not started (tests/test_mypy_environment.py sets a .pth trap for it)
    "python",
    "include-migrations",  # a flag: review migration folders too
    "php",  # [php] architecture: "laravel" or "repositories", a choice of words
    "brief",  # a flag: the short write-up
}


def test_the_config_keys_are_the_reviewed_ones() -> None:
    from reviewer.config.files import TOP_KEYS

    assert set(TOP_KEYS) == CONFIG_KEYS


@pytest.mark.parametrize(
    "setting",
    [
        'command = "sh -c id"',
        'ruff = "/bin/sh"',
        'plugins = ["evil"]',
        '[analyzers.evil]\ncommand = "sh"',
        '[thresholds]\nmax-complexity = "$(id)"',
    ],
)
def test_a_setting_that_would_name_a_program_is_refused(
    cli: Cli, chdir_tmp: Path, setting: str
) -> None:
    write(chdir_tmp, "app.py", "X = 1\n")
    write(chdir_tmp, ".reviewer.toml", f"{setting}\n")
    run = cli("app.py")
    assert run.code == 2 and run.out == ""
    assert run.err.startswith("review: error: .reviewer.toml: ")


def test_no_tool_is_looked_up_on_path(tmp_path: Path) -> None:
    """Programs named like every tool, first on PATH, each leaving a mark if run: review
    runs ruff's own binary and its interpreter's modules, so none of them runs."""
    trap = tmp_path / "trap"
    trap.mkdir()
    for name in ("ruff", "bandit", "mypy", "radon", "python", "python3", "php", "sh"):
        program = trap / name
        program.write_text(f"#!/bin/sh\ntouch {tmp_path}/ran-{name}\nexit 1\n", encoding="utf-8")
        program.chmod(0o755)
    project = tmp_path / "project"
    write(project, "app.py", HOSTILE_CODE)
    write(project, "page.php", "<?php\necho $_GET['q'];\n")
    environment = {**os.environ, "PATH": f"{trap}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        [sys.executable, "-m", "reviewer", "--no-cache", "--format", "json"],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["errors"] == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "trap"]


PLUGIN = """\
import pathlib

from mypy.plugin import Plugin

pathlib.Path("plugin-ran").touch()


def plugin(version):
    return Plugin
"""


def test_a_reviewed_projects_mypy_plugin_runs_as_it_does_under_mypy(
    cli: Cli, chdir_tmp: Path
) -> None:
    """The documented exception to "settings cannot run a program": mypy runs the way the
    project configures it, plugins included, as `mypy`, its pre-commit hook and the project's
    CI do. Without its Django or pydantic plugin mypy would infer other types and the review
    would make false comments. A plugin is the project's code, so it runs. (Named by its file,
    as the `mypy` command needs: like that command, review does not put the working folder on
    the import path, so a bare module name is looked up among installed packages only.)"""
    write(chdir_tmp, "mypy.ini", "[mypy]\nplugins = project_plugin.py\n")
    write(chdir_tmp, "project_plugin.py", PLUGIN)
    write(chdir_tmp, "app.py", "X = 1\n")
    assert cli("app.py").code == 0
    assert (chdir_tmp / "plugin-ran").exists()


def test_a_python_executable_in_a_reviewed_projects_mypy_config_runs(
    cli: Cli, chdir_tmp: Path
) -> None:
    """Part of the same exception: mypy runs the `python_executable` the project names to
    find that interpreter's packages, as it does under `mypy`."""
    python = write(chdir_tmp, "python.sh", f'#!/bin/sh\ntouch ran\nexec "{sys.executable}" "$@"\n')
    python.chmod(0o755)
    write(chdir_tmp, "mypy.ini", "[mypy]\npython_executable = ./python.sh\n")
    write(chdir_tmp, "app.py", "X = 1\n")
    assert cli("app.py").code == 0
    assert (chdir_tmp / "ran").exists()


def test_disabling_mypy_keeps_a_reviewed_projects_plugin_from_running(
    cli: Cli, chdir_tmp: Path
) -> None:
    """The way to review code one does not trust: `disable = ["mypy"]`, and no plugin runs."""
    write(chdir_tmp, "mypy.ini", "[mypy]\nplugins = project_plugin.py\n")
    write(chdir_tmp, "project_plugin.py", PLUGIN)
    write(chdir_tmp, ".reviewer.toml", 'disable = ["mypy"]\n')
    write(chdir_tmp, "app.py", "X = 1\n")
    assert cli("app.py").code == 0
    assert not (chdir_tmp / "plugin-ran").exists()


# ---------------------------------------------------------------- --output goes where asked


def listing(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Path]:
    """tmp/work (the working folder, with app.py) beside tmp/elsewhere."""
    work, elsewhere = tmp_path / "work", tmp_path / "elsewhere"
    write(work, "app.py", "X = 1\n")
    elsewhere.mkdir()
    old = Path.cwd()
    os.chdir(work)
    try:
        yield tmp_path
    finally:
        os.chdir(old)


def test_a_relative_output_path_with_dotdot_is_honoured(workspace: Path) -> None:
    assert main(["--no-cache", "app.py", "--output", "sub/../../elsewhere/review.txt"]) == 0
    assert listing(workspace) == {
        "work",
        "work/app.py",
        "work/sub",  # the folder the path walks through, created as named
        "elsewhere",
        "elsewhere/review.txt",
    }


def test_a_symlink_at_the_output_name_is_replaced_not_followed(workspace: Path) -> None:
    victim = workspace / "elsewhere" / "precious.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    (workspace / "work" / "review.txt").symlink_to(victim)
    assert main(["--no-cache", "app.py", "--output", "review.txt"]) == 0
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    written = workspace / "work" / "review.txt"
    assert not written.is_symlink() and "review" not in listing(workspace / "elsewhere")
    assert written.read_text(encoding="utf-8").startswith("No comments") or written.stat().st_size


def test_a_folder_link_in_the_output_path_is_followed(workspace: Path) -> None:
    (workspace / "work" / "reports").symlink_to(workspace / "elsewhere")
    assert main(["--no-cache", "app.py", "--output", "reports/review.txt"]) == 0
    assert listing(workspace / "elsewhere") == {"review.txt"}
    assert listing(workspace / "work") == {"app.py", "reports"}


def test_the_output_keeps_its_mode_and_a_new_one_follows_the_umask(workspace: Path) -> None:
    target = workspace / "work" / "review.txt"
    assert main(["--no-cache", "app.py", "--output", "review.txt"]) == 0
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask  # not mkstemp's 0600
    target.chmod(0o640)
    assert main(["--no-cache", "app.py", "--output", "review.txt"]) == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


@pytest.mark.parametrize(("target", "output"), [("app.py", "app.py"), (".", "./app.py")])
def test_output_over_a_reviewed_file_is_refused(
    workspace: Path, capsys: pytest.CaptureFixture[str], target: str, output: str
) -> None:
    source = workspace / "work" / "app.py"
    code = main(["--no-cache", target, "--output", output])
    assert source.read_text(encoding="utf-8") == "X = 1\n"
    assert code == 2
    message = "review: error: --output app.py is a file under review; write the review elsewhere\n"
    assert capsys.readouterr().err == message


def test_output_may_be_a_python_file_outside_the_reviewed_paths(workspace: Path) -> None:
    """A report named like a module is odd but harmless when it reviews nothing."""
    (workspace / "work" / "lib").mkdir()
    (workspace / "work" / "lib" / "x.py").write_text("X = 1\n", encoding="utf-8")
    assert main(["--no-cache", "lib", "--output", "report.py"]) == 0
    assert "lib/x.py" in (workspace / "work" / "report.py").read_text(encoding="utf-8")
