"""Review the judged panel's projects and print what a judge reads first: the comments by
severity, every loud (blocker or major) comment with its lead place, and "Start here".

The projects are not downloaded here (this machine reaches package registries, not GitHub):
unpack each at its pinned commit into one folder, under the names below, then

    python benchmarks/panel.py --trees /path/to/panel [--review .venv/bin/review] [--json out.json]

For example, from a mirror of the repository: `git -C <mirror> archive <commit> | tar x -C
<trees>/<name>`. Standard library only; the judgements themselves live in
`benchmarks/real_projects/`, one file per project.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

LOUD = ("blocker", "major")


@dataclass(frozen=True)
class Project:
    name: str  # the folder under --trees
    repository: str
    commit: str
    reviewed: str  # the folder reviewed, inside the project


PANEL = (
    Project("microblog", "miguelgrinberg/microblog", "a975ef6", "."),
    Project("fastapi", "fastapi/full-stack-fastapi-template", "68adb40", "backend"),
    Project("djangogirls", "DjangoGirls/djangogirls", "7b660ed", "."),
    Project("laravelio", "laravelio/laravel.io", "0c7cd44", "."),
    Project("bookstack", "BookStackApp/BookStack", "6f1c54d", "app"),
    Project("koel", "koel/koel", "41cab99", "app"),
)


@dataclass(frozen=True)
class Reading:
    project: str
    comments: int
    by_severity: dict[str, int]
    loud: list[str]
    start_here: list[str]
    notes: list[str]
    # comments whose title names the offending thing or that carry a suggested change
    speaking: int


def review_json(review: str, folder: Path) -> Any:
    done = subprocess.run(  # noqa: S603 # the review named on the command line
        [review, ".", "-f", "json", "--no-cache", "--fail-on", "never"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"review failed in {folder}: {done.stderr.strip()[-500:]}")
    return json.loads(done.stdout)


def start_here(review: str, folder: Path) -> list[str]:
    done = subprocess.run(  # noqa: S603 # the review named on the command line
        [review, ".", "-f", "markdown", "--fail-on", "never"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    text = done.stdout
    if "## Start here" not in text:
        return []
    section = text.split("## Start here", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\d+\. (.+)$", section, re.MULTILINE)


def read(review: str, project: Project, trees: Path) -> Reading:
    folder = trees / project.name / project.reviewed
    data = review_json(review, folder)
    comments = data["comments"]
    loud = [
        f"{c['severity']:7} {c['rule']:32} {c['path']}:{c['line']} ({len(c['locations'])} places)"
        for c in comments
        if c["severity"] in LOUD
    ]
    counted = Counter(str(c["severity"]) for c in comments)
    notes = data.get("notes", [])
    return Reading(
        project.name,
        len(comments),
        {s: counted[s] for s in ("blocker", "major", "minor", "nit")},
        loud,
        start_here(review, folder),
        [str(n) for n in notes],
        sum(names_the_code(c, folder) for c in comments),
    )


DEFINITION = re.compile(r"^\s*(?:async\s+def|def|class|(?:\w+\s+)*function)\s+&?(\w+)")


def names_the_code(comment: Any, folder: Path) -> bool:
    """Whether the comment names the code it is about: the offending thing in its title, a
    suggested change, or, for a rule about a whole function or class, the title naming the
    one defined on the flagged line."""
    if comment.get("thing") or comment.get("suggestion"):
        return True
    try:
        lines = (folder / comment["path"]).read_text(encoding="utf-8").splitlines()
        found = DEFINITION.match(lines[comment["line"] - 1])
    except (OSError, IndexError, UnicodeDecodeError):
        return False
    spans = re.findall(r"`([^`]+)`", comment["title"])
    named = {span.replace("::", ".").rsplit(".", 1)[-1] for span in spans}
    return found is not None and found[1] in named


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trees", type=Path, required=True, help="folder holding the projects")
    parser.add_argument("--review", default=str(Path(sys.executable).with_name("review")))
    parser.add_argument("--only", default="", help="comma-separated project names")
    parser.add_argument("--json", type=Path, help="also write the readings here")
    args = parser.parse_args()
    chosen = [p for p in PANEL if not args.only or p.name in args.only.split(",")]
    readings = [read(args.review, p, args.trees) for p in chosen if (args.trees / p.name).is_dir()]
    for reading in readings:
        print(f"## {reading.project}: {reading.comments} comments {reading.by_severity}")
        named = f"{reading.speaking} of {reading.comments}"
        print(f"   naming the code (a thing, a suggestion, the function it is about): {named}")
        for note in reading.notes:
            print(f"   note: {note[:160]}")
        print("\n".join(f"   {line}" for line in reading.loud) or "   (no loud comment)")
        print("   Start here:")
        print("\n".join(f"     {item}" for item in reading.start_here) or "     (none)")
    speaking = sum(r.speaking for r in readings)
    total = sum(r.comments for r in readings)
    print(f"all: {speaking} of {total} comments name the code ({speaking / max(total, 1):.0%})")
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in readings], indent=2) + "\n")


if __name__ == "__main__":
    main()
