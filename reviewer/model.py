"""The data that flows between the stages of a review: frozen, typed, tool-agnostic."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, replace


class Category(enum.Enum):
    """What a rule is about. Two orders, both here: the order of the members is the order
    categories are listed in (the summary, its scores, the scorecards); `rank` is the order
    of importance that ranks comments of the same severity and lists the rule catalog."""

    SOLID = "solid"
    TESTABILITY = "testability"
    SECURITY = "security"
    READABILITY = "readability"
    ERROR_HANDLING = "error-handling"
    PERFORMANCE = "performance"
    CORRECTNESS = "correctness"

    @property
    def rank(self) -> int:
        """0 for the category that matters most, growing as it matters less."""
        return CATEGORY_IMPORTANCE.index(self)


CATEGORY_IMPORTANCE = (
    Category.SECURITY,
    Category.CORRECTNESS,
    Category.ERROR_HANDLING,
    Category.SOLID,
    Category.TESTABILITY,
    Category.PERFORMANCE,
    Category.READABILITY,
)


class Principle(enum.Enum):
    SRP = "SRP"
    OCP = "OCP"
    LSP = "LSP"
    ISP = "ISP"
    DIP = "DIP"


class Severity(enum.Enum):
    """How strongly a reviewer feels; the order of members is the order of importance."""

    BLOCKER = "blocker"
    MAJOR = "major"
    MINOR = "minor"
    NIT = "nit"

    @property
    def rank(self) -> int:
        """0 for the most important severity, growing as it matters less."""
        return list(Severity).index(self)

    def at_least(self, other: Severity) -> bool:
        """True when this severity matters as much as `other` or more."""
        return self.rank <= other.rank


class Confidence(enum.Enum):
    """How sure a finding is that it names a real problem: the analyzer's own word (bandit's
    confidence), else its rule's (a heuristic is less sure than a parser)."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """0 for the surest, growing as it is less sure."""
        return list(Confidence).index(self)


class Area(enum.Enum):
    """The part of a project a file belongs to; a rule may weigh less outside the code that
    ships (a test's fake password, a developer script's shell command)."""

    CODE = "code"
    TESTS = "tests"
    SCRIPTS = "scripts"
    MIGRATIONS = "migrations"


# The --fail-on of a run that names none, and so what "blocking" means where no run says.
DEFAULT_FAIL_ON = Severity.MAJOR


def blocks(severity: Severity, fail_on: Severity | None) -> bool:
    """True when a comment of this severity fails a run that fails on `fail_on` (None: the
    run never fails): the one meaning of "blocking", from the label's decoration to the
    summary's count, the annotation level and the exit code."""
    return fail_on is not None and severity.at_least(fail_on)


class Label(enum.Enum):
    """Conventional Comments labels (conventionalcomments.org)."""

    PRAISE = "praise"
    NITPICK = "nitpick"
    SUGGESTION = "suggestion"
    ISSUE = "issue"
    QUESTION = "question"
    THOUGHT = "thought"
    TODO = "todo"


class Voice(enum.Enum):
    MENTOR = "mentor"
    PEER = "peer"


@dataclass(frozen=True)
class Location:
    path: str
    line: int
    end_line: int
    column: int = 0


@dataclass(frozen=True)
class Finding:
    """One message of one analyzer, before it is interpreted."""

    analyzer: str
    code: str
    location: Location
    message: str
    extras: Mapping[str, object] = field(default_factory=dict, hash=False, compare=False)
    # The severity the analyzer measured this case at, when worse than its rule's (a
    # complexity far past the limit, say): the comment is raised to it.
    raise_to: Severity | None = None

    @property
    def source(self) -> str:
        """`analyzer:code`, the key the rule catalog maps."""
        return f"{self.analyzer}:{self.code}"


@dataclass(frozen=True)
class AnalysisError:
    """Something that could not be analyzed: a file, or a whole analyzer when path is empty."""

    analyzer: str
    message: str
    path: str = ""


@dataclass(frozen=True)
class AnalyzerResult:
    findings: tuple[Finding, ...] = ()
    errors: tuple[AnalysisError, ...] = ()


@dataclass(frozen=True)
class Rule:
    """One entry of the rule catalog (rules/*.yaml)."""

    id: str
    category: Category
    severity: Severity
    title: str
    why: str
    how: str
    sources: tuple[str, ...]
    principle: Principle | None = None
    label: Label | None = None
    references: tuple[str, ...] = ()
    absorbs: tuple[str, ...] = ()
    template: str | None = None
    example_before: str = ""
    example_after: str = ""
    # How the rule weighs outside the shipped code, by area (`in_tests: nit`, `in_scripts:
    # false`): None keeps it out of that area, a severity is the most a finding there weighs.
    areas: tuple[tuple[Area, Severity | None], ...] = ()
    confidence: Confidence = Confidence.HIGH

    def applies_in(self, area: Area) -> bool:
        """False when the rule stays out of this area (`in_tests: false`)."""
        return dict(self.areas).get(area, Severity.BLOCKER) is not None

    def most_in(self, area: Area) -> Severity | None:
        """The most a finding in this area weighs; None when the rule sets no limit there."""
        return dict(self.areas).get(area)

    @property
    def in_tests(self) -> bool:
        return self.applies_in(Area.TESTS)

    @property
    def effective_label(self) -> Label:
        """The rule's own label, else the one its severity implies."""
        if self.label is not None:
            return self.label
        return DEFAULT_LABELS[self.severity]


DEFAULT_LABELS: Mapping[Severity, Label] = {
    Severity.BLOCKER: Label.ISSUE,
    Severity.MAJOR: Label.ISSUE,
    Severity.MINOR: Label.SUGGESTION,
    Severity.NIT: Label.NITPICK,
}


@dataclass(frozen=True)
class Concern:
    """A finding interpreted by the catalog; `symbol` names the enclosing function or class."""

    rule: Rule
    finding: Finding
    symbol: str = ""


@dataclass(frozen=True)
class Occurrence:
    """One place a comment applies to, with every analyzer code seen there."""

    location: Location
    symbol: str
    messages: tuple[str, ...]
    sources: tuple[str, ...]
    fingerprint: str = ""
    confidence: Confidence = Confidence.HIGH
    area: Area = Area.CODE


@dataclass(frozen=True)
class Suggestion:
    """A change to the user's own lines that would address a comment; shown, never applied.

    `before` is the text of lines `line`..`end_line` as they are in the file, `after` the text
    proposed in their place (both end without a newline). `safe` is true when the change keeps
    what the code does (ruff's "safe" applicability); `source` says who built it: "ruff" (the
    analyzer's own fix) or "review" (built here from the flagged code's syntax tree)."""

    path: str
    line: int
    end_line: int
    before: str
    after: str
    safe: bool
    source: str
    # One line on what changes, in the comment's words: "adds `timeout=10` to the call".
    note: str = ""


@dataclass(frozen=True)
class Comment:
    """One review comment: one rule, one root cause, every place it applies to."""

    id: str
    rule: Rule
    severity: Severity
    occurrences: tuple[Occurrence, ...]
    title: str = ""
    body: str = ""
    # The run's --fail-on (None for never), which decides whether this comment blocks.
    fail_on: Severity | None = DEFAULT_FAIL_ON
    # The change its lead place could take, built from the code; None where none can be.
    suggestion: Suggestion | None = None
    # The offending thing at the lead place, as code: "`hashlib.md5()`", "`Task.complete`";
    # empty where it has no better name than the rule's title.
    thing: str = ""

    @property
    def primary(self) -> Occurrence:
        return self.occurrences[0]

    @property
    def path(self) -> str:
        return self.primary.location.path

    @property
    def line(self) -> int:
        return self.primary.location.line

    @property
    def end_line(self) -> int:
        return self.primary.location.end_line

    @property
    def label(self) -> Label:
        """The rule's label; a question its analyzer raised to major or above (it found what
        settles the question) is asked no more: it is an issue."""
        label = self.rule.effective_label
        settled = (
            self.severity.at_least(Severity.MAJOR) and self.severity.rank < self.rule.severity.rank
        )
        return Label.ISSUE if label is Label.QUESTION and settled else label

    @property
    def blocking(self) -> bool:
        """True when this comment's severity is at or above the run's --fail-on."""
        return blocks(self.severity, self.fail_on)

    def under(self, fail_on: Severity | None) -> Comment:
        """This comment in a run that fails on `fail_on` (None: never)."""
        return replace(self, fail_on=fail_on)

    @property
    def confidence(self) -> Confidence:
        """Its lead place's, never surer than its rule."""
        return max(self.primary.confidence, self.rule.confidence, key=lambda c: c.rank)

    @property
    def sources(self) -> tuple[str, ...]:
        seen = dict.fromkeys(s for o in self.occurrences for s in o.sources)
        return tuple(sorted(seen))


@dataclass(frozen=True)
class RenderedComment:
    """A comment's words as fields, in one voice, for every format to lay out its own way.

    Prose fields are Markdown (the catalog writes its rules in Markdown); `subject`, `details`
    and `places` are inline Markdown with the tree's and the analyzers' words made inert."""

    voice: Voice
    label: str
    # `blocking, security/SRP`, empty for praise.
    decorations: str
    # The title and where it is: "SQL built in `get` (line 7)."
    subject: str
    why: str
    # Praise has nothing to fix: its template leaves `how` out.
    how: str
    # A change to apply, as a fenced block (issue 17 fills it).
    suggestion: str = ""
    # The analyzers' own specific words (praise: the measurement, as the analyzer wrote it).
    details: tuple[str, ...] = ()
    # The comment's other places: "line 19 (`f`)", "`other.py:4`".
    places: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    example_before: str = ""
    example_after: str = ""


@dataclass(frozen=True)
class Summary:
    files: int
    lines: int
    by_severity: Mapping[str, int]
    by_category: Mapping[str, int]
    scores: Mapping[str, int]
    omitted: int = 0
    blocking: int = 0
    by_category_severity: Mapping[str, Mapping[str, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class FileMeasure:
    """One reviewed file on the map of the code: its size, and the places the review's
    comments name in it by severity (blocker first), weighed as the scores weigh them."""

    path: str
    lines: int
    places: tuple[int, ...] = (0, 0, 0, 0)
    weight: float = 0.0

    @property
    def worst(self) -> Severity | None:
        """The most severe comment in the file; None when no comment names it."""
        return next((s for s, n in zip(Severity, self.places, strict=False) if n), None)


@dataclass(frozen=True)
class FunctionMeasure:
    """One function or method and its cyclomatic complexity (decisions + 1)."""

    path: str
    line: int
    name: str  # qualified as its language writes it: `Class.method`, `Class::method`
    complexity: int


class LinkKind(enum.Enum):
    CONSTRUCTS = "constructs"  # `Foo()` or `new Foo` inside the class
    DEPENDS = "depends on"  # the constructor takes it, typed


@dataclass(frozen=True)
class ClassLink:
    """One class of the reviewed code building or taking another (its own or a library's:
    `smtplib.SMTP`), and where."""

    source: str
    target: str
    kind: LinkKind
    path: str
    line: int


@dataclass(frozen=True)
class ClassNode:
    """A class of the reviewed code; `abstract` for a Protocol, an ABC or an interface;
    `data` for a class that holds values (a dataclass, an enum, a model, a value object):
    building one is not taking on a collaborator."""

    name: str
    path: str
    line: int
    abstract: bool = False
    data: bool = False


@dataclass(frozen=True)
class CodeMap:
    """The shape of the reviewed code the write-ups draw: files by size and weight of
    comments, functions by complexity, classes and who constructs or depends on whom."""

    files: tuple[FileMeasure, ...] = ()
    functions: tuple[FunctionMeasure, ...] = ()
    classes: tuple[ClassNode, ...] = ()
    links: tuple[ClassLink, ...] = ()


@dataclass(frozen=True)
class Review:
    """Everything a formatter needs; nothing a formatter has to compute from tools."""

    paths: tuple[str, ...]
    summary: Summary
    comments: tuple[Comment, ...]
    praise: tuple[Comment, ...] = ()
    errors: tuple[AnalysisError, ...] = ()
    analyzers: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    # Built when a write-up is made (config.files.draws_map), so its formats draw one map.
    code_map: CodeMap = field(default_factory=CodeMap)
