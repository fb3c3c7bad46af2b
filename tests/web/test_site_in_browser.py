"""The published site as readers see it, in a real browser (Debian's Chromium driven by
Playwright, axe-core for accessibility): every page kind, in every language, at a phone's
width (390 px) and a laptop's (1280 px).

On each: the page never scrolls sideways (wide tables scroll inside their own box), axe
finds no violation of any impact (WCAG 2.1 AA and best practice), every download link
resolves to a built file, and no English month name is left in text that claims the
page's language. On Spanish and French pages, passages left in English say so
(``lang="en"``). The root page (``_build/html/index.html``, the one CI publishes) is held to
the same, and offers every language by its own name. Screenshots of every page at both
widths, in English and Spanish, go to ``/tmp/web-shots/`` (``WEB_SHOTS`` overrides) for
people to look at.

The page checks need only the websites (``python -m build_tools build html``; the fixture
builds them, a no-op when up to date): a file that was not built has no link. The download
box's sizes need the PDF and EPUB too (the ``corpus`` fixture).
"""

from __future__ import annotations

import os
from pathlib import Path

import polib
import pytest

from build_tools.checks import browser as browser_check
from build_tools.design import TOKENS
from build_tools.model.report import language_name
from build_tools.pipeline.project import Project

from ..conftest import REPO

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(
        browser_check.chromium_path() is None, reason="Chromium is installed by make setup"
    ),
]
LANGUAGES = Project.load(REPO).languages
WIDTHS = (390, 1280)
#: one page of each kind
PAGES = {
    "home": "index.html",
    "report": "spain/index.html",
    "assessment": "spain/part-iii.html",
    "matrix": "comparative/matrix.html",
    "changes": "ireland/changes.html",
    "changes-compared": "comparative/changes.html",
    "recommendations": "spain/recommendations.html",
    "convention": "convention/index.html",
    "translation-status": "translation-status.html",
    "handbook": "handbook/authoring.html",
}
#: a page each translation has translated (its own country's report)
TRANSLATED_PAGE = {"es": "spain/introduction.html", "fr": "france/introduction.html"}


def least_translated_page(language: str) -> str:
    """The page of ``language`` with the most entries left in English (from its PO files,
    so the test follows the translators' progress)."""
    messages = REPO / "locale" / language / "LC_MESSAGES"

    def untranslated(po: Path) -> int:
        return len(polib.pofile(str(po)).untranslated_entries())

    po = max((p for p in messages.rglob("*.po") if p.parent != messages), key=untranslated)
    assert untranslated(po) > 0, f"{language}: every page is translated"
    return po.relative_to(messages).with_suffix(".html").as_posix()


@pytest.fixture(scope="session")
def site() -> Path:
    """``_build/html/`` as ``make html`` builds it (a no-op when it is up to date)."""
    from build_tools.cli import main

    assert main(["--root", str(REPO), "build", "html"]) == 0
    return REPO / "_build" / "html"


SHOTS = Path(os.environ.get("WEB_SHOTS", "/tmp/web-shots"))
SCREENSHOT_LANGUAGES = ("en", "es")


def check_page(page, base: str, language: str, kind: str, width: int) -> list[str]:
    """Every problem of one page at one width, as lines naming it."""
    where = f"{language}/{PAGES[kind]} at {width} px"
    response = page.goto(f"{base}/{language}/{PAGES[kind]}")
    problems = [] if response and response.ok else [f"{where}: not served"]
    overflow = browser_check.horizontal_overflow(page)
    if overflow > 0:
        problems.append(f"{where}: {overflow} px wider than the window")
    problems += [f"{where}: axe {v}" for v in browser_check.all_violations(page)]
    for link in page.locator("a[data-shadow-file][href]").all():
        url = link.evaluate("a => a.href")
        if not page.request.head(url).ok:
            problems.append(f"{where}: download {url} does not resolve")
    if language != LANGUAGES[0]:
        months = browser_check.english_month_names(page)
        if months:
            problems.append(f"{where}: English month names {months}")
    if language in SCREENSHOT_LANGUAGES:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{language}-{kind}-{width}.png"))
    return problems


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_kind_reads_well(site, language, width):
    with browser_check.serve(site) as base, browser_check.browser() as chromium:
        page = chromium.new_page(viewport={"width": width, "height": 900})
        problems = [p for kind in PAGES for p in check_page(page, base, language, kind, width)]
    assert problems == []


def test_report_pages_offer_their_files(corpus):
    """The landing page links the report's PDF and the collection's EPUB (the corpus is
    built in those formats), each with its size, and the data; how to cite gives the
    permanent address from html_baseurl."""
    with browser_check.serve(corpus / "html") as base, browser_check.browser() as chromium:
        page = chromium.new_page()
        page.goto(f"{base}/es/spain/index.html")
        box = page.locator("section.shadow-downloads")
        hrefs = [a.get_attribute("href") for a in box.locator("a[href]").all()]
        assert "../downloads/spain.pdf" in hrefs and "../downloads/shadow-reports.epub" in hrefs
        assert "../_data/assessments.json" in hrefs
        sizes = [
            s.inner_text()
            for s in box.locator(
                "a[href] + .shadow-file-facts .shadow-size, .shadow-file-facts .shadow-size"
            ).all()
        ]
        assert any(s.endswith(("kB", "MB")) for s in sizes)
        cite = page.locator("section.shadow-cite").inner_text()
        assert "/es/spain/index.html" in cite


@pytest.mark.parametrize("width", WIDTHS)
def test_the_root_page_offers_every_language_by_its_own_name(site, width):
    """The page at the site's root, as CI publishes it: the site's look (its design
    tokens), no overflow, axe 0, and a link to each language named in that language."""
    with browser_check.serve(site) as base, browser_check.browser() as chromium:
        page = chromium.new_page(viewport={"width": width, "height": 900})
        assert page.goto(f"{base}/index.html").ok
        problems = [f"axe {v}" for v in browser_check.all_violations(page)]
        overflow = browser_check.horizontal_overflow(page)
        if overflow > 0:
            problems.append(f"{overflow} px wider than the window")
        links = {
            item.get_attribute("lang"): (
                item.locator("a").inner_text(),
                item.locator("a").get_attribute("href"),
            )
            for item in page.locator("main li[lang]").all()
        }
        for language in LANGUAGES:
            name, href = links.get(language, ("", ""))
            if name != language_name(language):
                problems.append(f"{language}: named {name!r}, not {language_name(language)!r}")
            elif not page.request.get(f"{base}/{href}").ok:
                problems.append(f"{language}: {href} is not served")
        header = page.locator("header").evaluate("e => getComputedStyle(e).backgroundColor")
        if header != _rgb(TOKENS.brand):
            problems.append(f"masthead is {header}, not the collection's colour {TOKENS.brand}")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"root-{width}.png"), full_page=True)
    assert problems == []


def _rgb(hex_colour: str) -> str:
    """``#1a4f8b`` as the browser's computed style writes it: ``rgb(26, 79, 139)``."""
    value = hex_colour.lstrip("#")
    return "rgb({}, {}, {})".format(*(int(value[i : i + 2], 16) for i in (0, 2, 4)))


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != LANGUAGES[0]])
def test_english_left_in_a_translation_is_marked(site, language):
    """Paragraphs without a translation carry lang="en"; translated ones do not."""
    with browser_check.serve(site) as base, browser_check.browser() as chromium:
        page = chromium.new_page()
        page.goto(f"{base}/{language}/{least_translated_page(language)}")
        assert page.locator("html").get_attribute("lang") == language
        marked = page.locator("main [lang='en']")
        assert marked.count() >= 1
        page.goto(f"{base}/{language}/{TRANSLATED_PAGE[language]}")
        assert page.locator("main p:not([lang])").count() >= 1
