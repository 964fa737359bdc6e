"""Both pages in a real browser: headless Chromium (Debian's `chromium`, which .ci/run
installs), on a phone-sized screen. Plots and tables are there, every image decodes, the
console stays clean, nothing is fetched from the network, and nothing overflows sideways.

Skipped only where Chromium is absent outside CI; in CI (CI=true) its absence fails.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from autograder.grading.results import SubmissionResult
from tests.reporters.browser import Browser

PHONE = {"width": 390, "height": 844, "mobile": True}

INSPECT = """(async () => {
  const images = [...document.images];
  await Promise.all(images.map(image => image.decode().catch(() => null)));
  return {
    images: images.map(image => ({alt: image.alt, width: image.naturalWidth,
                                  height: image.naturalHeight, complete: image.complete})),
    tables: [...document.querySelectorAll("table")].map(
        table => ({css: table.className, rows: table.querySelectorAll("tbody tr").length})),
    links: [...document.querySelectorAll("a[href]")].map(link => link.href),
    viewport: document.querySelector('meta[name="viewport"]')?.content ?? null,
    overflow: document.documentElement.scrollWidth - window.innerWidth,
  };
})()"""


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("chromium is not installed, and CI must run the browser test "
                    "(.ci/run installs Debian's chromium)")
    pytest.skip("chromium is not installed (apt-get install chromium); CI runs this test")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    executable = _chromium()
    instance = Browser(executable, tmp_path_factory.mktemp("chromium") / "profile")
    try:
        instance.open_page(PHONE["width"], PHONE["height"], mobile=True)
        yield instance
    finally:
        instance.close()


def _visit(browser: Browser, page: Path) -> dict[str, object]:
    browser.load(page.resolve().as_uri())
    seen: dict[str, object] = browser.evaluate(INSPECT)
    seen["errors"] = browser.console_errors()
    seen["requests"] = browser.requested_urls()
    return seen


def _assert_clean(seen: dict[str, object], page: Path) -> None:
    images = seen["images"]
    assert isinstance(images, list)
    broken = [image["alt"] for image in images
              if not (image["complete"] and image["width"] > 0 and image["height"] > 0)]
    assert broken == [], f"images that do not decode: {broken}"
    assert seen["errors"] == [], f"console errors: {seen['errors']}"
    requests = seen["requests"]
    assert isinstance(requests, list) and requests, "the page itself was not even requested"
    fetched = [url[:80] for url in requests
               if not (url == page.resolve().as_uri() or url.startswith("data:image/svg+xml"))]
    assert fetched == [], f"fetched beyond the page and its inline images: {fetched}"
    assert seen["viewport"] == "width=device-width, initial-scale=1"
    assert seen["overflow"] == 0, "the page scrolls sideways on a phone"


def test_feedback_pages_render_with_their_plots_on_a_phone(
    browser: Browser, demo: tuple[Path, list[SubmissionResult]],
) -> None:
    out, results = demo
    for result in results:
        page = out / "submissions" / result.submission_id / "feedback.html"
        seen = _visit(browser, page)
        _assert_clean(seen, page)
        tables = seen["tables"]
        assert isinstance(tables, list) and tables[0]["css"] == "stack tests"
        assert tables[0]["rows"] > len(result.tests)   # a row per test, and group headings
        alts = {image["alt"] for image in seen["images"]}
        if result.submission_id in ("ada_correct", "chloe_common_mistakes"):
            assert alts == {"gradient-check relative errors, log scale",
                            "heatmap of W1 from a constant start",
                            "heatmap of W1 from your initialize_parameters",
                            "decision boundary on the flower data"}, result.submission_id
        if result.submission_id == "dan_untouched":
            assert alts == set()    # nothing of theirs runs: no picture, only the reason


def test_the_dashboard_renders_with_its_plots_tables_and_working_links(
    browser: Browser, demo: tuple[Path, list[SubmissionResult]],
) -> None:
    out, results = demo
    page = out / "index.html"
    seen = _visit(browser, page)
    _assert_clean(seen, page)
    alts = {image["alt"] for image in seen["images"]}
    assert alts == {"histogram of the scores", "how many submissions show each misconception"}
    tables = {table["css"]: table["rows"] for table in seen["tables"]}
    assert tables["stack submissions"] == len(results)
    assert tables["stack pass-rates"] == 47 and tables["stack misconceptions"] >= 4
    links = seen["links"]
    assert isinstance(links, list) and len(links) >= len(results)
    for link in links:
        assert Path(unquote(urlparse(link).path)).is_file(), link


def test_a_missing_chromium_fails_the_test_in_ci_and_skips_it_elsewhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run the browser test"):
        _chromium()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="chromium is not installed"):
        _chromium()
