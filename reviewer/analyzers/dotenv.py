"""dotenv: secrets written into a `.env` file that is (or is about to be) part of the
repository. The file is read as text, line by line; nothing in it is run or expanded.

In a git work tree, a file is flagged when git tracks it or would add it (`git ls-files`);
one git ignores and does not track is the developer's own. Outside a work tree (or without
git), a `.gitignore` beside the file, or above it, that names it counts the same. Example
files (`.env.example`) are checked too: a real key there is shared by every install that
copies it. Files for tests (`.env.testing`) hold keys that sign nothing that ships."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path

from reviewer.errors import UsageError
from reviewer.inputs.discovery import SourceFile
from reviewer.inputs.vcs import git_bytes
from reviewer.languages import analyzed_by
from reviewer.languages.dotenv import ASSIGNMENT
from reviewer.model import AnalysisError, AnalyzerResult, Finding, Location

ANALYZER = "dotenv"
VERSION = "1.0.0"
# The key names the secret by its last word: `APP_KEY`, `DB_PASSWORD`, `STRIPE_SECRET`,
# `SENTRY_DSN`; `AUTH_PASSWORD_RESET_TOKEN_TABLE` names a table.
SECRET_KEY = re.compile(r"(?i)(^|_)(KEY|SECRET|PASSWORD|PASSWD|PASS|TOKEN|CREDENTIALS?|DSN)$")
NOT_SECRET_KEY = re.compile(r"(?i)(PUBLIC|PUBLISHABLE)_")
# Credentials inside a URL: `postgres://app:s3cr3t@db/app`.
URL_PASSWORD = re.compile(r"://[^:/@\s]+:(?P<password>[^@\s]+)@")
TEST_FILES = re.compile(r"(?i)^\.env\.(test|testing|ci|dusk)(\.|$)")
PLACEHOLDER = re.compile(
    r"(?i)your|example|placeholder|change[_-]?me|changethis|dummy|replace|random|secret|"
    r"password|^<.*>$|\$\{|^%\(|^(null|none|nil|true|false)$"
)
# Generated secrets mix letters and digits (a random 32-character key has no digit once in
# 300 draws); "SomeRandomString" and "database_user_password" are words.
LETTER_AND_DIGIT = re.compile(r"^(?=.*[A-Za-z])(?=.*\d)")
MIN_SECRET_LENGTH = 12
MIN_ENTROPY_BITS = 3.0  # per character: "aaaa1aaaa1aa" is not a key
KNOWN_PREFIXES = re.compile(r"^(base64:|sk_live_|rk_live_|ghp_|gho_|github_pat_|xox[bpa]-|AKIA)")


@dataclass(frozen=True)
class SecretLine:
    """A key of the file whose value looks like a real secret, and its line."""

    key: str
    line: int


@dataclass(frozen=True)
class DotenvAnalyzer:
    """The `dotenv` analyzer: one finding per file that holds real-looking secrets."""

    name: str = ANALYZER
    languages: frozenset[str] = field(default_factory=lambda: analyzed_by(ANALYZER))

    def version(self) -> str:
        """The detector's version: cached results of another version are not reused."""
        return VERSION

    def run(self, files: Sequence[SourceFile]) -> AnalyzerResult:
        """A finding for each file that holds secrets and is not ignored; an error for a file
        that cannot be read."""
        findings: list[Finding] = []
        problems: list[AnalysisError] = []
        for source in files:
            try:
                findings += self.analyze(source.path)
            except (OSError, ValueError) as error:
                problems.append(AnalysisError(self.name, f"cannot be read: {error}", source.path))
        return AnalyzerResult(tuple(findings), tuple(problems))

    def analyze(self, path: str) -> list[Finding]:
        """The finding for one file, if it holds secrets that will be committed."""
        name = Path(path).name
        if TEST_FILES.match(name) or not will_be_committed(Path(path)):
            return []
        text = Path(path).read_bytes().decode("utf-8", errors="replace")
        secrets = list(secret_lines(text))
        if not secrets:
            return []
        keys = ", ".join(f"`{s.key}`" for s in secrets)
        message = f"`{name}` holds real-looking values for {keys}"
        where = Location(path, secrets[0].line, secrets[0].line)
        extras = {"keys": [s.key for s in secrets], "file": name}
        return [Finding(ANALYZER, "secret-in-env-file", where, message, extras)]


def secret_lines(text: str) -> Iterator[SecretLine]:
    """The keys whose values look like real secrets, in file order."""
    for number, line in enumerate(text.splitlines(), start=1):
        match = ASSIGNMENT.match(line.strip())
        if not match:
            continue
        key = match["key"].split("=", 1)[0].split()[-1]
        value = _unquoted(match["value"])
        named = SECRET_KEY.search(key) and not NOT_SECRET_KEY.search(key)
        in_url = URL_PASSWORD.search(value)
        if (named and looks_real(value)) or (in_url and looks_real(in_url["password"])):
            yield SecretLine(key, number)


def looks_real(value: str) -> bool:
    """True for a value that is neither empty nor a placeholder and looks generated."""
    if not value or PLACEHOLDER.search(value):
        return False
    if KNOWN_PREFIXES.match(value):
        return True
    mixed = LETTER_AND_DIGIT.match(value) is not None
    return mixed and len(value) >= MIN_SECRET_LENGTH and _entropy(value) >= MIN_ENTROPY_BITS


def _unquoted(value: str) -> str:
    value = value.strip()
    if value[:1] in "\"'" and value[-1:] == value[:1] and len(value) >= 2:
        return value[1:-1]
    return value.split(" #", 1)[0].strip()


def _entropy(value: str) -> float:
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def will_be_committed(path: Path) -> bool:
    """True when git tracks the file or would add it; outside a work tree, when no
    `.gitignore` in its folder or above names it."""
    args = ["ls-files", "--cached", "--others", "--exclude-standard", "-z", "--", path.name]
    try:
        return bool(git_bytes(args, path.resolve().parent))
    except UsageError:
        folder = path.resolve().parent
        return not any(_names(p / ".gitignore", path.name) for p in (folder, *folder.parents))


def _names(gitignore: Path, name: str) -> bool:
    try:
        lines = gitignore.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return False
    patterns = [p.strip().lstrip("/") for p in lines if p.strip() and p[:1] not in "#!"]
    return any(fnmatchcase(name, p) for p in patterns if "/" not in p.rstrip("/"))
