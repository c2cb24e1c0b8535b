"""The pictures of each sample's HTML write-up, opened in real headless Chromium (the session
of tests/test_html_chromium.py): no console errors, every picture drawn with a title, the
colours resolved in light and dark mode, nothing wider than a phone."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.cli import main
from tests.test_html_chromium import MIN_PNG_BYTES, OVERFLOW, PHONE, Page, browser

__all__ = ["browser"]  # the fixture, shared

REPO = Path(__file__).resolve().parent.parent
LAPTOP = (1280, 1400)
PICTURES = "[...document.querySelectorAll('#code-map figure h3')].map(h => h.textContent)"
UNTITLED = (
    "[...document.querySelectorAll('#code-map svg')].filter(s => !s.querySelector('title')).length"
)
SPOTS = "document.querySelectorAll('#code-map .spot circle').length"
BLOCKER_FILL = (
    "(() => { const c = document.querySelector('#code-map .spot.sev-blocker circle');"
    " return c ? getComputedStyle(c).fill : ''; })()"
)
DRAWN = (
    "[...document.querySelectorAll('#code-map svg')]"
    ".every(s => s.getBoundingClientRect().width > 200 && s.getBoundingClientRect().height > 60)"
)
# Pairs of hotspot labels that overlap, and labels that leave the picture's view box.
LABELS_CLASH = """(() => {
  const svg = document.querySelector('#code-map .hotspots svg');
  if (!svg) return 0;
  const width = svg.viewBox.baseVal.width;
  const boxes = [...svg.querySelectorAll('.label')].map(t => t.getBBox());
  let bad = boxes.filter(b => b.x < 0 || b.x + b.width > width).length;
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) bad++;
  }
  return bad;
})()"""
# Class names wider than their box in the sketch.
NAMES_SPILL = """[...document.querySelectorAll('#code-map .sketch .node')]
  .filter(g => g.querySelector('text').getBBox().width > g.querySelector('rect').getBBox().width)
  .length"""
EXPECTED = {
    "orders_api": [
        "Where the weight is",
        "Comments by category and severity",
        "Complexity",
        "Classes and their collaborators",
    ],
    "orders_api_clean": ["Complexity", "Classes and their collaborators"],
    "laravel_orders_clean": ["Complexity", "Classes and their collaborators"],
    "laravel_orders": [
        "Where the weight is",
        "Comments by category and severity",
        "Complexity",
        "Classes and their collaborators",
    ],
}


def dark(page: Page, on: bool) -> None:
    scheme = [{"name": "prefers-color-scheme", "value": "dark" if on else "light"}]
    page.tools.send("Emulation.setEmulatedMedia", page.session, features=scheme)


@pytest.mark.slow
@pytest.mark.parametrize("sample", sorted(EXPECTED))
def test_the_pictures_are_drawn_cleanly_in_light_and_dark_at_laptop_and_phone_width(
    sample: str, browser: Page, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    out = tmp_path / "review.html"
    args = ["--no-cache", f"sample_projects/{sample}", "-f", "html", "-o", str(out)]
    assert main([*args, "--fail-on", "never"]) == 0
    browser.screen(*LAPTOP, mobile=False)
    browser.open(out.as_uri())
    assert browser.evaluate(PICTURES) == EXPECTED[sample]
    assert browser.evaluate(UNTITLED) == 0
    assert browser.evaluate(DRAWN) is True
    assert browser.evaluate(LABELS_CLASH) == 0
    assert browser.evaluate(NAMES_SPILL) == 0
    if "Where the weight is" in EXPECTED[sample]:
        files = len(list((REPO / "sample_projects" / sample).rglob("*.p[yh]*")))
        assert browser.evaluate(SPOTS) == files
    light = browser.evaluate(BLOCKER_FILL)
    dark(browser, True)
    browser.screen(*PHONE, mobile=True)
    assert browser.evaluate(OVERFLOW) == 0, "the page is wider than a phone"
    if sample == "orders_api":  # the only sample with a blocker
        assert light == "rgb(207, 34, 46)" and browser.evaluate(BLOCKER_FILL) == "rgb(248, 81, 73)"
    shot = browser.screenshot(tmp_path / "phone-dark.png")
    assert shot.stat().st_size > MIN_PNG_BYTES
    assert browser.tools.problems.messages == []
