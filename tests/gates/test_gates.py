"""Quality gates over every language of the built corpus: the Nu HTML checker, internal
links and anchors, a real browser (language switcher, charts, search), axe-core, PDF
structure, spelling and Markdown style of the sources. Each gate is also fed a known-bad
input and must fail on it."""

from __future__ import annotations

import shutil
import subprocess
import zipfile

import pytest

from build_tools.checks import browser as browser_check
from build_tools.checks import epub as epub_check
from build_tools.checks import links, sources, validator
from build_tools.checks import pdf as pdf_check
from build_tools.pipeline.project import Project
from tests.conftest import REPO

pytestmark = pytest.mark.slow
LANGUAGES = Project.load(REPO).languages
needs_chromium = pytest.mark.skipif(
    browser_check.chromium_path() is None, reason="Chromium is installed by make setup"
)


# --- HTML -----------------------------------------------------------------------------------
@pytest.mark.parametrize("language", LANGUAGES)
def test_nu_html_checker_finds_no_error(corpus, language):
    assert validator.errors(corpus / "html" / language) == []


def test_nu_html_checker_fails_bad_html(tmp_path):
    (tmp_path / "bad.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>x</title></head>'
        '<body><p id="a">one</p><p id="a">two</p><span><div>block in inline</div></span>'
        "</body></html>",
        encoding="utf-8",
    )
    problems = validator.errors(tmp_path)
    assert any("Duplicate ID" in p for p in problems)


def test_internal_links_and_anchors_resolve(corpus):
    assert links.broken_links(corpus / "html") == []


def test_link_check_fails_broken_links(tmp_path):
    (tmp_path / "a.html").write_text(
        '<a id="top" href="b.html#nowhere">x</a><a href="missing.html">y</a><a href="#top">z</a>',
        encoding="utf-8",
    )
    (tmp_path / "b.html").write_text('<p id="here">b</p>', encoding="utf-8")
    assert links.broken_links(tmp_path) == [
        "a.html:1: b.html#nowhere (no such anchor)",
        "a.html:1: missing.html (no file)",
    ]


# --- a real browser ---------------------------------------------------------------------------
@pytest.mark.browser
@needs_chromium
def test_switcher_charts_and_search_in_a_browser(corpus):
    with browser_check.serve(corpus / "html") as base, browser_check.browser() as chromium:
        page = chromium.new_page()
        page.goto(f"{base}/es/spain/introduction.html")
        page.click("nav.shadow-languages >> text=Français")
        assert page.url == f"{base}/fr/spain/introduction.html"
        assert page.locator("html").get_attribute("lang") == "fr"

        page.goto(f"{base}/en/spain/executive-summary.html")
        images = page.locator("figure.shadow-chart img")
        assert images.count() >= 1
        for i in range(images.count()):
            assert images.nth(i).evaluate("img => img.complete && img.naturalWidth > 0")
            assert images.nth(i).get_attribute("alt")

        page.goto(f"{base}/en/search.html?q=regularisation")
        page.wait_for_selector("#search-results li a", timeout=15000)
        assert page.locator("#search-results li a").count() >= 1


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_serious_accessibility_violation(corpus, language):
    sample = [
        "index.html",
        "spain/part-iii.html",
        "comparative/matrix.html",
        "convention/index.html",
        "translation-status.html",
    ]
    with browser_check.serve(corpus / "html") as base, browser_check.browser() as chromium:
        page = chromium.new_page()
        found = {}
        for name in sample:
            page.goto(f"{base}/{language}/{name}")
            violations = browser_check.serious_violations(page)
            if violations:
                found[name] = violations
    assert found == {}


@needs_chromium
def test_axe_fails_an_image_without_alt_text(tmp_path):
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main>'
        '<img src="x.png"></main></body></html>',
        encoding="utf-8",
    )
    with browser_check.serve(tmp_path) as base, browser_check.browser() as chromium:
        page = chromium.new_page()
        page.goto(f"{base}/index.html")
        assert any(v.startswith("image-alt") for v in browser_check.serious_violations(page))


# --- PDF and EPUB --------------------------------------------------------------------------------
@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_structure_is_valid(corpus, language):
    for pdf in sorted((corpus / "pdf" / language).glob("*.pdf")):
        check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.parametrize(
    ("language", "heading"), [("es", "Marco jurídico"), ("fr", "Cadre juridique")]
)
def test_translated_heading_in_the_pdf_text(corpus, language, heading):
    report = "spain" if language == "es" else "france"
    assert heading in pdf_check.text(corpus / "pdf" / language / f"{report}.pdf")


def test_pdf_check_fails_an_unembedded_font(tmp_path):
    # a minimal PDF that uses Helvetica without embedding it
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        None,
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    stream = b"BT /F1 12 Tf 20 100 Td (Hello) Tj ET"
    body, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        if obj is None:
            body += f"{number} 0 obj << /Length {len(stream)} >> stream\n".encode()
            body += stream + b"\nendstream endobj\n"
        else:
            body += f"{number} 0 obj {obj} endobj\n".encode()
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    body += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    body += (
        f"trailer << /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(bytes(body))
    assert pdf_check.font_problems(bad) == ["bad.pdf: font Helvetica is not embedded"]
    assert pdf_check.language(bad) is None and not pdf_check.has_outline(bad)


def test_epubcheck_fails_an_epub_with_a_broken_link(corpus, tmp_path):
    good = corpus / "epub" / "en" / "shadow-reports.epub"
    bad = tmp_path / "bad.epub"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "index.xhtml":
                data = data.replace(b"</body>", b'<p><a href="missing.xhtml">x</a></p></body>')
            target.writestr(item, data)
    report = epub_check.check(bad)
    assert report.errors >= 1 and any("missing.xhtml" in m for m in report.messages)


# --- sources --------------------------------------------------------------------------------------
ENGLISH_SOURCES = [REPO / "reports", REPO / "README.md", REPO / "ARCHITECTURE.md"]


def test_english_sources_are_spelled_right():
    assert sources.spelling(REPO, ENGLISH_SOURCES) == []


def test_spelling_gate_fails_a_typo(tmp_path):
    shutil.copy(REPO / "codespell-words.txt", tmp_path / "codespell-words.txt")
    (tmp_path / "page.md").write_text("# Title\n\nTeh recieved text.\n", encoding="utf-8")
    problems = sources.spelling(tmp_path, [tmp_path / "page.md"])
    assert any("recieved ==> received" in p for p in problems)


def test_markdown_style_of_the_sources():
    assert sources.markdown_style(REPO, [REPO / "reports"]) == []


def test_markdown_gate_fails_a_skipped_heading_level(tmp_path):
    shutil.copy(REPO / ".pymarkdown.json", tmp_path / ".pymarkdown.json")
    (tmp_path / "page.md").write_text("# Title\n\n### Skipped\n", encoding="utf-8")
    problems = sources.markdown_style(tmp_path, [tmp_path / "page.md"])
    assert any("MD001" in p for p in problems)
