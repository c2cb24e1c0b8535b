"""A newcomer's first hour, as written: the package name, the pasted pre-commit snippet, the
GitHub Action and the CI recipes, and the whole flow from a fresh clone (issue 14)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.helpers import REPO, write
from tests.test_precommit import CLEAN, INJECTION, commit, run

DISTRIBUTION = "senior-review"
SCHEMAS = REPO / "tests" / "data" / "ci-schemas"
RECIPES = REPO / "docs" / "ci"


def review(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run(folder, sys.executable, "-m", "reviewer", *args)


def readme_block(marker: str) -> str:
    """The fenced block right after `<!-- snippet:NAME -->` in the README, without its fences."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    tag = f"<!-- snippet:{marker} -->"
    assert tag in text, f"README.md has no {tag} marker before its snippet"
    after = text.split(tag, 1)[1].lstrip("\n")
    assert after.startswith("```"), f"{tag} must be followed by a fenced block"
    return after.split("\n", 1)[1].split("\n```", 1)[0] + "\n"


def git_repository(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for args in (
        ["init", "-q", "-b", "main"],
        ["config", "user.email", "d@example.com"],
        ["config", "user.name", "Dev"],
        ["config", "commit.gpgsign", "false"],
    ):
        run(folder, "git", *args)
    return folder


def init_snippet(folder: Path) -> str:
    """What `review init` tells a newcomer to paste into .pre-commit-config.yaml."""
    done = review(folder, "init")
    assert done.returncode == 0, done.stderr
    return done.stdout[done.stdout.index("repos:") :].rstrip("\n") + "\n"


# Item 2: the name on the index


def test_the_package_is_installed_under_its_own_name() -> None:
    """`reviewer` on the index is an unrelated tool with a `review` command of its own."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == DISTRIBUTION
    scripts = metadata.distribution(DISTRIBUTION).entry_points.select(group="console_scripts")
    assert [(script.name, script.value) for script in scripts] == [("review", "reviewer.cli:main")]


def test_init_names_this_package_not_the_unrelated_one(tmp_path: Path) -> None:
    review(tmp_path, "init")
    header = (tmp_path / ".reviewer.toml").read_text(encoding="utf-8").splitlines()[0]
    assert DISTRIBUTION in header
    assert "pypi.org/project/reviewer" not in header


@pytest.mark.parametrize("recipe", ["github-workflow.yml", "gitlab-ci.yml"])
def test_no_recipe_installs_the_unrelated_package(recipe: str) -> None:
    text = (RECIPES / recipe).read_text(encoding="utf-8")
    assert not re.search(r"pip install\s+reviewer\b", text)


def test_the_readme_installs_no_unrelated_package() -> None:
    readme_block("pre-commit")  # the README carries issue 14's recipes
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert not re.search(r"pip install\s+(-\S+\s+)*reviewer\b", text)


# Item 3: the pre-commit snippet, pasted as printed


def test_the_readme_snippet_is_the_one_init_prints(tmp_path: Path) -> None:
    assert readme_block("pre-commit") == init_snippet(tmp_path)


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh clone of this repository's committed HEAD, on a branch named `main`."""
    target = tmp_path_factory.mktemp("clone") / "review"
    done = run(REPO, "git", "clone", "-q", "--no-local", str(REPO), str(target))
    assert done.returncode == 0, done.stderr
    run(target, "git", "checkout", "-q", "-B", "main")
    return target


@pytest.fixture(scope="module")
def hooked(clone: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A project whose .pre-commit-config.yaml is `review init`'s snippet, pasted as printed
    with only `repo:` pointing at the clone, then pinned by `pre-commit autoupdate --freeze`."""
    folder = git_repository(tmp_path_factory.mktemp("hooked") / "project")
    snippet = init_snippet(folder)
    (folder / ".reviewer.toml").unlink()
    pasted = re.sub(r"(?m)^(\s*- repo: )\S+", lambda m: m[1] + clone.as_posix(), snippet)
    write(folder, ".pre-commit-config.yaml", pasted)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home"))}
    for step in ("autoupdate", "--freeze"), ("install",):
        done = run(folder, sys.executable, "-m", "pre_commit", *step, env=env)
        assert done.returncode == 0, done.stdout + done.stderr
    return folder, env


def test_the_snippet_s_rev_is_fetched_from_a_fresh_clone_as_written(
    clone: Path, tmp_path: Path
) -> None:
    """pre-commit fetches `rev` from the repository: it must name something there (no tag
    `v0.1.0` exists; tags are not carried)."""
    config = yaml.safe_load(init_snippet(tmp_path))
    rev = config["repos"][0]["rev"]
    fetcher = git_repository(tmp_path / "fetcher")
    done = run(fetcher, "git", "fetch", "-q", "--depth=1", clone.as_posix(), rev)
    assert done.returncode == 0, done.stderr


@pytest.mark.slow
def test_autoupdate_freeze_pins_the_snippet_to_a_commit(
    hooked: tuple[Path, dict[str, str]], clone: Path
) -> None:
    folder, _ = hooked
    config = yaml.safe_load((folder / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    head = run(clone, "git", "rev-parse", "HEAD").stdout.strip()
    assert config["repos"][0]["rev"] == head


@pytest.mark.slow
def test_the_pasted_snippet_passes_clean_code_and_refuses_an_injection(
    hooked: tuple[Path, dict[str, str]],
) -> None:
    folder, env = hooked
    run(folder, "git", "add", ".pre-commit-config.yaml")
    clean = commit(folder, env, "maths.py", CLEAN)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    refused = commit(folder, env, "users.py", INJECTION)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "SQL built from strings: db.execute() in find" in output  # plain: no code spans
    assert run(folder, "git", "log", "--oneline").stdout.count("\n") == 1


# Item 6: the GitHub Action and the CI recipes


def schema(name: str) -> dict[str, object]:
    loaded = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def load_yaml(path: Path) -> dict[str, object]:
    """A YAML file as GitHub reads it: YAML 1.2, where the `on:` key is a string, not True."""
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return {("on" if key is True else key): value for key, value in loaded.items()}


def test_action_yml_is_a_valid_action() -> None:
    jsonschema.validate(load_yaml(REPO / "action.yml"), schema("github-actions.json"))


def test_the_github_workflow_recipe_is_valid_and_uses_the_action() -> None:
    workflow = load_yaml(RECIPES / "github-workflow.yml")
    jsonschema.validate(workflow, schema("github-workflows.json"))
    text = (RECIPES / "github-workflow.yml").read_text(encoding="utf-8")
    assert re.search(r"uses: OWNER/review@", text)


def test_the_gitlab_recipe_is_valid_and_installs_this_package() -> None:
    jsonschema.validate(load_yaml(RECIPES / "gitlab-ci.yml"), schema("gitlab-ci.json"))
    assert DISTRIBUTION in (RECIPES / "gitlab-ci.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("marker", "recipe"),
    [("github-workflow", "github-workflow.yml"), ("gitlab-ci", "gitlab-ci.yml")],
)
def test_the_readme_recipes_are_the_validated_ones(marker: str, recipe: str) -> None:
    assert readme_block(marker) == (RECIPES / recipe).read_text(encoding="utf-8")


def action_steps() -> list[dict[str, object]]:
    runs = load_yaml(REPO / "action.yml")["runs"]
    assert isinstance(runs, dict)
    steps = runs["steps"]
    assert isinstance(steps, list)
    return steps


def step(step_id: str) -> dict[str, object]:
    [found] = [s for s in action_steps() if s.get("id") == step_id]
    return found


def test_the_sarif_upload_runs_even_when_the_review_fails() -> None:
    """The review step never fails the job itself; the upload runs always; the last step fails."""
    steps = action_steps()
    upload = next(s for s in steps if "upload-sarif" in str(s.get("uses", "")))
    assert "always()" in str(upload.get("if", ""))
    assert steps.index(upload) < steps.index(step("verdict"))


def expand(text: str, values: dict[str, str]) -> str:
    """GitHub's `${{ context.name }}` expressions, for the plain references the action uses."""
    return re.sub(r"\$\{\{\s*([\w.-]+)\s*\}\}", lambda m: values[m[1]], text)


def run_step(step_id: str, folder: Path, values: dict[str, str]) -> tuple[int, str, str]:
    """Run one of the action's `run:` steps as the runner does (bash -eo pipefail), with its
    `env:` expanded; return its exit code, standard output and what it wrote to GITHUB_OUTPUT."""
    found = step(step_id)
    raw_env = found.get("env", {})
    assert isinstance(raw_env, dict)
    outputs = folder.parent / f"{step_id}-outputs"
    outputs.write_text("", encoding="utf-8")
    env = {**os.environ, "GITHUB_OUTPUT": str(outputs), "RUNNER_TEMP": values["runner.temp"]}
    env.update({key: expand(str(value), values) for key, value in raw_env.items()})
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    script = str(found["run"])
    assert "${{" not in script, "expressions go through env:, never into the script's text"
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=folder,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr, outputs.read_text(encoding="utf-8")


def action_values(tmp_path: Path, **inputs: str) -> dict[str, str]:
    action = load_yaml(REPO / "action.yml")
    declared = action["inputs"]
    assert isinstance(declared, dict)
    values = {f"inputs.{name}": str(spec.get("default", "")) for name, spec in declared.items()}
    values.update({f"inputs.{name}": value for name, value in inputs.items()})
    values["runner.temp"] = str(tmp_path / "runner-temp")
    values["github.action_path"] = str(REPO)
    return values


def test_one_review_step_writes_sarif_and_annotations_and_keeps_the_verdict(
    tmp_path: Path,
) -> None:
    folder = git_repository(tmp_path / "work")
    write(folder, "users.py", INJECTION)
    values = action_values(tmp_path)
    code, out, outputs = run_step("review", folder, values)
    assert code == 0, out
    sarif = json.loads((folder / values["inputs.sarif-file"]).read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"]
    assert "::error file=users.py,line=8" in out
    assert "exit-code=1" in outputs.splitlines()
    values["steps.review.outputs.exit-code"] = "1"
    assert run_step("verdict", folder, values)[0] == 1


def test_with_a_diff_base_old_findings_stay_in_the_sarif_but_do_not_fail(tmp_path: Path) -> None:
    folder = git_repository(tmp_path / "work")
    write(folder, "users.py", INJECTION)
    run(folder, "git", "add", "users.py")
    run(folder, "git", "commit", "-qm", "old code")
    write(folder, "maths.py", CLEAN)
    run(folder, "git", "add", "maths.py")
    values = action_values(tmp_path, **{"diff-base": "HEAD"})
    code, out, outputs = run_step("review", folder, values)
    assert code == 0, out
    assert "exit-code=0" in outputs.splitlines(), out
    assert "::error" not in out
    sarif = json.loads((folder / values["inputs.sarif-file"]).read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"]


def test_the_review_step_keeps_its_cache_and_key_outside_the_checkout(tmp_path: Path) -> None:
    """The cache is sealed with the per-user key: both must be cached, and neither in the tree
    under review (a tree must not bring its own key or cache)."""
    folder = git_repository(tmp_path / "work")
    write(folder, "maths.py", CLEAN)
    values = action_values(tmp_path)
    code, out, outputs = run_step("review", folder, values)
    assert code == 0, out
    assert "exit-code=0" in outputs.splitlines()
    assert not (folder / ".review_cache").exists()
    temp = Path(values["runner.temp"])
    assert any(temp.rglob("CACHEDIR.TAG")), "the review cache lives under the cached folder"
    assert any(p.name == "key" for p in temp.rglob("key")), "so does the key that seals it"
    cached = [s for s in action_steps() if "actions/cache" in str(s.get("uses", ""))]
    assert cached, "an actions/cache step keeps them between runs"


def test_annotation_messages_are_plain_text(tmp_path: Path) -> None:
    write(tmp_path, "users.py", INJECTION)
    done = review(tmp_path, "users.py", "--no-cache", "--format", "github")
    messages = [line.split("::", 2)[2] for line in done.stdout.splitlines() if "::" in line]
    assert messages
    for message in messages:
        assert "```" not in message, message


# The whole flow, from a fresh clone


@pytest.mark.slow
def test_a_fresh_clone_installs_and_reviews_as_the_readme_says(clone: Path) -> None:
    """`python3 -m venv .venv && .venv/bin/pip install -q . && .venv/bin/review ...`."""
    assert run(clone, sys.executable, "-m", "venv", ".venv").returncode == 0
    installed = run(clone, ".venv/bin/pip", "install", "-q", ".")
    assert installed.returncode == 0, installed.stderr
    done = run(clone, ".venv/bin/review", "sample_projects/orders_api")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "SQL built from strings" in done.stdout
    shown = run(clone, ".venv/bin/pip", "show", DISTRIBUTION)
    assert f"Name: {DISTRIBUTION}" in shown.stdout
