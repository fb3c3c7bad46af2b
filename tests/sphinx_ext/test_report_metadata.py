"""The report and collection directives inside Sphinx: the card, the banner, the errors."""

import re
from pathlib import Path

import pytest


@pytest.mark.sphinx("html", testroot="report-metadata")
def test_report_card_and_banner(app):
    app.build()
    page = (Path(app.outdir) / "alpha" / "index.html").read_text(encoding="utf-8")
    assert "shadow-report-card" in page
    assert "Spain" in page and "Alpha Organisation" in page
    assert "27 November 2026" in page  # British order, as the UN writes it
    # sample report: the banner is on every page of the report
    assert 'class="shadow-status-banner"' in page
    assert "illustrative" in page
    # the collection is final: its page has no banner
    home = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert 'class="shadow-status-banner"' not in home
    assert "First Organisation; Second Organisation" in home


def _card(home: str, heading: str) -> str:
    """The home page's card whose heading is ``heading``."""
    match = re.search(
        rf'<li class="shadow-card[^"]*">\s*<h3><a [^>]*>{heading}</a>.*?</li>', home, re.S
    )
    assert match, f"no card headed {heading}"
    return match[0]


@pytest.mark.parametrize(
    ("language", "country", "label", "law_date", "date"),
    [
        ("en", "Spain", "Law as at", "1 October 2026", "27 November 2026"),
        # the fixture has no interface catalogue: the label stays English, the date does not
        ("es", "España", "Law as at", "1 de octubre de 2026", "27 de noviembre de 2026"),
    ],
)
@pytest.mark.sphinx("html", testroot="report-metadata")
def test_as_of_is_on_the_report_page_and_its_home_card(
    make_app, app_params, language, country, label, law_date, date
):
    args, kwargs = app_params
    kwargs["confoverrides"] = {"language": language}
    app = make_app(*args, **kwargs)
    app.build()
    out = Path(app.outdir)
    card = _card((out / "index.html").read_text(encoding="utf-8"), country)
    assert f"<dt>{label}</dt><dd>{law_date}</dd>" in card
    assert f"<dd>{date}</dd>" in card  # the report's own date stays beside it
    page = (out / "alpha" / "index.html").read_text(encoding="utf-8")
    assert re.search(
        rf"{label}<span class=\"colon\">:</span></dt>\s*<dd[^>]*><p>{law_date}</p>", page
    )


@pytest.mark.sphinx("html", testroot="report-metadata")
def test_the_report_page_has_its_files_beside_its_text_and_other_pages_do_not(app):
    app.build()
    out = Path(app.outdir)
    page = (out / "alpha" / "index.html").read_text(encoding="utf-8")
    text, files = (
        page.index('class="shadow-report-text"'),
        page.index('class="shadow-report-files"'),
    )
    assert text < page.index("<h1>Alpha report") < files < page.index('class="shadow-downloads"')
    assert "<aside" not in page  # no complementary landmark inside <main>
    assert "shadow-report-files" not in (out / "index.html").read_text(encoding="utf-8")


@pytest.mark.sphinx("html", testroot="report-metadata")
def test_language_switcher_links_to_the_same_page(app):
    app.build()
    page = (Path(app.outdir) / "alpha" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../es/alpha/index.html"' in page
    assert 'hreflang="es"' in page and "Español" in page


@pytest.mark.sphinx("html", testroot="report-metadata", confoverrides={"language": "es"})
def test_card_is_written_in_the_page_language(app):
    app.build()
    page = (Path(app.outdir) / "alpha" / "index.html").read_text(encoding="utf-8")
    assert "España" in page
    assert "27 de noviembre de 2026" in page


@pytest.mark.sphinx("html", testroot="report-metadata-invalid")
def test_invalid_metadata_is_reported_with_file_and_line(app, warning):
    app.build()
    log = warning.getvalue()
    root = Path(app.srcdir)
    assert f"{root / 'index.md'}:3: WARNING: report: unknown country code 'XQ'" in log
    assert (
        f"{root / 'missing-field.md'}:3: WARNING: report: missing required field "
        "'organisations'" in log
    )
    assert (
        f"{root / 'bad-status.md'}:3: WARNING: report: unknown status 'published': "
        "valid are draft, sample, final" in log
    )
    assert "[shadow.metadata]" in log


@pytest.mark.sphinx("latex", testroot="report-metadata")
def test_latex_title_page_comes_from_metadata(app):
    app.build()
    tex = (Path(app.outdir) / "alpha.tex").read_text(encoding="utf-8")
    assert r"\title{Alpha report}" in tex
    assert r"\author{Alpha Organisation}" in tex
    assert r"Country & Spain \\" in tex
    assert r"\usepackage{draftwatermark}" in tex  # sample: watermarked
    assert r"\hypersetup{pdflang={en}" in tex
    collection = (Path(app.outdir) / "shadow-reports.tex").read_text(encoding="utf-8")
    assert r"\author{First Organisation\and Second Organisation}" in collection
    assert "draftwatermark" not in collection  # final: no watermark
