"""The map of the code and the pictures drawn from it: real reviews of the samples (every
analyzer), checked against the review's own numbers, and small trees written for a case."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from pathlib import Path

import pytest

from reviewer.analyzers import build_analyzers
from reviewer.analyzers.tools.ruff import RuffAnalyzer
from reviewer.catalog.rules import load_catalog
from reviewer.config.analyzers import RuffOptions
from reviewer.config.options import OutputFormat, ReviewConfig
from reviewer.formats import markdown
from reviewer.inputs.discovery import discover
from reviewer.model import CodeMap, FileMeasure, LinkKind, Review, Voice
from reviewer.pipeline.code_map import code_map
from reviewer.pipeline.run import run_review
from reviewer.pipeline.scoring import WEIGHTS
from reviewer.render.comments import make_renderer
from reviewer.render.pictures import collaborators, complexity, hotspots
from reviewer.render.pictures.categories import category_bars
from reviewer.render.pictures.mermaid import hotspot_chart, safe
from tests.helpers import Cli, write
from tests.test_review_cache import Counted

REPO = Path(__file__).resolve().parent.parent
SAMPLES = ("orders_api", "orders_api_clean", "laravel_orders", "laravel_orders_clean")


def reviewed(path: str, cache: Path | None = None) -> Review:
    config = ReviewConfig(
        paths=(path,), cache_dir=str(cache) if cache else None, output_format=OutputFormat.HTML
    )
    catalog = load_catalog()
    analyzers = build_analyzers(catalog, config)
    return run_review(config, analyzers, catalog, make_renderer(Voice.PEER))


@pytest.fixture(scope="module")
def samples() -> dict[str, Review]:
    return {name: reviewed(str(REPO / "sample_projects" / name)) for name in SAMPLES}


def links(review: Review) -> set[tuple[str, str, LinkKind]]:
    return {(k.source, k.target, k.kind) for k in review.code_map.links}


@pytest.mark.slow
def test_the_hotspot_names_the_file_with_the_most_weighted_findings(
    samples: dict[str, Review],
) -> None:
    review = samples["orders_api"]
    weights: dict[str, float] = defaultdict(float)
    for comment in review.comments:
        per_file: dict[str, int] = defaultdict(int)
        for place in comment.occurrences:
            per_file[place.location.path] += 1
        for path, count in per_file.items():
            weights[path] += WEIGHTS[comment.severity] * math.sqrt(count)
    found = hotspots.hotspot_map(review.code_map)
    assert found is not None
    assert found.heaviest.path == max(weights, key=weights.__getitem__)
    assert found.heaviest.path.endswith("services.py")
    assert found.heaviest.weight == pytest.approx(weights[found.heaviest.path], abs=0.01)
    assert found.heaviest.worst == "blocker"
    assert sum(f.lines for f in review.code_map.files) == review.summary.lines
    assert len(review.code_map.files) == review.summary.files


@pytest.mark.slow
def test_each_category_bar_counts_the_reviews_comments(samples: dict[str, Review]) -> None:
    for review in samples.values():
        bars = category_bars(review.summary)
        assert {bar.category: bar.total for bar in bars} == dict(review.summary.by_category)
        for bar in bars:
            expected = review.summary.by_category_severity[bar.category]
            assert {s.severity: s.count for s in bar.segments} == {
                name: n for name, n in expected.items() if n
            }


@pytest.mark.slow
def test_the_complexity_names_the_function_the_review_calls_too_complex(
    samples: dict[str, Review],
) -> None:
    for name, worst in (("orders_api", "calculate_price"), ("laravel_orders", "fee")):
        review = samples[name]
        found = complexity.complexity(review.code_map)
        assert found is not None
        assert sum(band.functions for band in found.bands) == found.total
        top = found.worst[0]
        assert top.name.endswith(worst)
        said = [m for c in review.comments for o in c.occurrences for m in o.messages]
        assert any(f"complexity of {top.complexity}" in m and worst in m for m in said)


@pytest.mark.slow
def test_the_sketch_shows_who_builds_and_who_takes_whom(samples: dict[str, Review]) -> None:
    assert {
        ("OrderService", "smtplib.SMTP", LinkKind.CONSTRUCTS),
        ("OrderService", "sqlite3.connect", LinkKind.CONSTRUCTS),
    } <= links(samples["orders_api"])
    assert ("RestaurantCatalog", "RestaurantRepository", LinkKind.DEPENDS) in links(
        samples["orders_api_clean"]
    )
    assert ("OrderController", "OrderService", LinkKind.CONSTRUCTS) in links(
        samples["laravel_orders"]
    )
    assert ("OrderService", "OrderRepository", LinkKind.DEPENDS) in links(
        samples["laravel_orders_clean"]
    )
    problem = collaborators.sketch(samples["orders_api"].code_map)
    assert problem is not None
    assert dict(problem.described)["OrderService"].startswith(
        "builds sqlite3.connect, smtplib.SMTP, http.client.HTTPConnection"
    )
    clean = collaborators.sketch(samples["orders_api_clean"].code_map)
    assert clean is not None and len(clean.nodes) <= collaborators.MOST
    drawn = {node.name: node for node in clean.nodes}
    assert drawn["RestaurantRepository"].abstract and not drawn["OrderService"].abstract
    assert clean.left_out > 0  # the clean sample has more classes than a sketch holds


@pytest.mark.slow
def test_every_sample_writes_its_pictures_in_both_formats(samples: dict[str, Review]) -> None:
    for name, review in samples.items():
        page = markdown.format(review, ReviewConfig())
        assert len(page) <= markdown.GITHUB_COMMENT_LIMIT
        assert "## A map of the code" in page and "```mermaid\nflowchart LR" in page, name
        points = re.findall(r'^    "[^"]*": \[(\S+), (\S+)\]$', page, re.M)
        assert all(re.fullmatch(r"0\.\d\d", v) for point in points for v in point)
        has_comments = bool(review.comments)
        assert ("quadrantChart" in page) == has_comments, name


def test_a_tree_without_comments_or_classes_draws_only_its_complexity(
    chdir_tmp: Path,
) -> None:
    write(chdir_tmp, "a.py", "def f(x: int) -> int:\n    return x + 1\n")
    write(chdir_tmp, "b.py", "def g(x: int) -> int:\n    return -x if x < 0 else x\n")
    found_map = code_map(discover(["."], (), True, False), ())
    assert complexity.complexity(found_map) is None  # two functions make no distribution
    simple = "".join(f"def f{i}(x: int) -> int:\n    return x + {i}\n\n\n" for i in range(3))
    write(chdir_tmp, "c.py", simple)
    found_map = code_map(discover(["."], (), True, False), ())
    assert hotspots.hotspot_map(found_map) is None
    assert collaborators.sketch(found_map) is None
    found = complexity.complexity(found_map)
    assert found is not None and [b.functions for b in found.bands] == [5, 0, 0, 0]
    assert found.worst == ()


def test_the_reviewed_code_is_read_never_run(chdir_tmp: Path) -> None:
    marker = chdir_tmp / "ran"
    write(chdir_tmp, "evil.py", f"open({str(marker)!r}, 'w').close()\nclass A:\n    pass\n")
    write(
        chdir_tmp,
        "evil.php",
        f"<?php\nfile_put_contents({str(marker)!r}, 'x');\nclass Bee {{ function f() {{ return new Cee(); }} }}\n",
    )
    found = code_map(discover(["."], (), True, False), ())
    assert not marker.exists()
    assert ("Bee", "Cee", LinkKind.CONSTRUCTS) in {
        (k.source, k.target, k.kind) for k in found.links
    }


def test_a_large_tree_is_sketched_with_twelve_classes_and_says_how_many_more(
    chdir_tmp: Path,
) -> None:
    services = "".join(
        f"class Service{i}:\n    def __init__(self) -> None:\n"
        f"        self.a = Helper{i}()\n        self.b = Client{i}()\n\n\n"
        for i in range(8)
    )
    write(chdir_tmp, "services.py", services)
    drawn = collaborators.sketch(code_map(discover(["."], (), True, False), ()))
    assert drawn is not None
    assert len(drawn.nodes) == collaborators.MOST
    assert drawn.left_out == 24 - collaborators.MOST
    assert {(e.source, e.target) for e in drawn.edges} <= {
        (k.source, k.target) for k in drawn.links
    }


def test_file_names_cannot_break_out_of_a_mermaid_label() -> None:
    assert safe('a"]; click b call x()') == "a___ click b call x__"
    assert '"' not in safe('"') and "\n" not in safe("a\nb")


def test_the_map_is_kept_with_the_cached_review(chdir_tmp: Path) -> None:
    write(
        chdir_tmp,
        "app.py",
        "import os\n\n\nclass App:\n    def f(self):\n        return Builder()\n",
    )
    catalog = load_catalog()
    ruff = Counted(RuffAnalyzer(RuffOptions(catalog.codes_for("ruff"))))
    config = ReviewConfig(paths=(".",), cache_dir="cache", output_format=OutputFormat.MARKDOWN)
    first = run_review(config, [ruff], catalog, make_renderer(Voice.PEER))
    again = run_review(config, [ruff], catalog, make_renderer(Voice.PEER))
    assert ruff.calls == [1]  # the second review came from the cache
    assert again.code_map == first.code_map
    assert again.code_map.files[0].weight > 0
    assert ("App", "Builder", LinkKind.CONSTRUCTS) in links(again)


def test_hostile_file_names_stay_text_in_both_pictures(cli: Cli, chdir_tmp: Path) -> None:
    hostile = 'x|<b onload="y">.py'
    write(chdir_tmp, hostile, "def f(x):\n    return eval(x)\n")
    write(chdir_tmp, "ok.py", "class Shop:\n    def f(self):\n        return Basket()\n")
    page = cli(".", "-f", "html", "--fail-on", "never").out
    assert "<b onload" not in page and "&lt;b onload=&#34;y&#34;&gt;.py" in page
    text = cli(".", "-f", "markdown", "--fail-on", "never").out
    rows = [line for line in text.splitlines() if line.startswith("| `x")]
    assert rows and all(line.count(" | ") == 3 for line in rows)
    chart = text[text.index("quadrantChart") :]
    assert '"x__b onload__y__.py": [' in chart


def test_tests_do_not_crowd_the_complexity_or_the_sketch(chdir_tmp: Path) -> None:
    shop = "class Shop:\n" + "".join(f"    def f{i}(self):\n        return {i}\n" for i in range(5))
    write(chdir_tmp, "shop.py", shop)
    fake = "class TestShop:\n    def test_a(self):\n        assert Shop()\n"
    write(chdir_tmp, "tests/test_shop.py", fake)
    found = code_map(discover(["."], (), True, False), ())
    assert {f.path for f in found.files} == {"shop.py", "tests/test_shop.py"}
    assert {f.path for f in found.functions} == {"shop.py"}
    assert found.links == ()
    only_tests = code_map(discover(["tests"], (), True, False), ())
    assert [k.source for k in only_tests.links] == ["TestShop"]


def test_a_class_of_the_tree_is_one_node_however_it_is_imported(chdir_tmp: Path) -> None:
    write(chdir_tmp, "models.py", "class Order:\n    def total(self):\n        return 0\n")
    write(
        chdir_tmp,
        "box.py",
        "from typing import Generic, TypeVar\nT = TypeVar('T')\n\n\n"
        "class Box(Generic[T]):\n    def get(self):\n        return 1\n",
    )
    service = (
        "import models\n\n\nclass Shop:\n    def buy(self):\n        return models.Order(), Box()\n"
    )
    write(chdir_tmp, "shop.py", service)
    found = code_map(discover(["."], (), True, False), ())
    assert {(k.source, k.target) for k in found.links} == {("Shop", "Order"), ("Shop", "Box")}
    assert not any(c.abstract for c in found.classes)  # Generic[T] is no abstraction


def test_files_of_the_same_name_are_told_apart_on_the_map() -> None:
    names = hotspots.short_names(
        ["a.py", "api/models.py", "core/models.py", "x/api/app.py", "y/app.py"]
    )
    assert names == {
        "a.py": "a.py",
        "api/models.py": "api/models.py",
        "core/models.py": "core/models.py",
        "x/api/app.py": "api/app.py",
        "y/app.py": "y/app.py",
    }


def test_a_large_tree_is_mapped_by_folder() -> None:
    files = tuple(
        FileMeasure(
            f"{folder}/m{i}.py",
            10,
            (1, 0, 0, 0) if folder == "api" else (0, 0, 0, 1),
            10.0 if folder == "api" else 0.5,
        )
        for folder in ("api", "core")
        for i in range(hotspots.MOST_FILES // 2 + 1)
    )
    found = hotspots.hotspot_map(CodeMap(files=files))
    assert found is not None and found.unit == "folder"
    assert [(s.path, s.lines, s.places) for s in found.spots] == [
        ("api/", 310, (31, 0, 0, 0)),
        ("core/", 310, (0, 0, 0, 31)),
    ]
    assert found.heaviest.weight == 310 and found.heaviest.name == "api/"
    chart = hotspot_chart(found)
    assert "per folder" in chart and '"api/": [0.90, 0.90]' in chart


def test_only_a_write_up_draws_the_map(chdir_tmp: Path) -> None:
    write(chdir_tmp, "app.py", "class App:\n    def f(self):\n        return Builder()\n")
    catalog = load_catalog()
    ruff = RuffAnalyzer(RuffOptions(catalog.codes_for("ruff")))

    def drawn(output_format: OutputFormat) -> CodeMap:
        config = ReviewConfig(paths=(".",), output_format=output_format)
        return run_review(config, [ruff], catalog, make_renderer(Voice.PEER)).code_map

    assert drawn(OutputFormat.TEXT) == CodeMap()
    assert drawn(OutputFormat.HTML).files
