"""The build pipeline on a small complete project: outputs, languages, isolation of
failures, no-op rebuilds, and the one-line errors for bad requests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from build_tools.checks import epub as epub_check
from build_tools.checks import pdf as pdf_check
from build_tools.checks.html import broken_switcher_links
from build_tools.cli import main
from tests.conftest import retranslate_home


def build(project: Path, *args: str) -> int:
    return main(["--root", str(project), "build", *args])


def test_html_in_every_language_with_a_working_switcher(mini_project, capsys):
    assert build(mini_project, "html") == 0
    html = mini_project / "_build" / "html"
    for language in ("en", "es"):
        assert (html / language / "alpha" / "introduction.html").is_file()
        assert (html / language / "searchindex.js").is_file()  # search works per language
    assert broken_switcher_links(html) == []
    assert 'href="../../es/alpha/introduction.html"' in (
        html / "en" / "alpha" / "introduction.html"
    ).read_text(encoding="utf-8")
    # the translated site shows the translation, and the interface words
    home_es = (html / "es" / "index.html").read_text(encoding="utf-8")
    assert "Colección mínima" in home_es and "La colección reúne un informe." in home_es
    assert "País" in (html / "es" / "alpha" / "index.html").read_text(encoding="utf-8")
    # the landing page links to each language
    landing = (html / "index.html").read_text(encoding="utf-8")
    assert 'href="en/index.html"' in landing and 'href="es/index.html"' in landing
    summary = capsys.readouterr().out
    assert "en        html    ok" in summary and "es        html    ok" in summary
    # the open data of each language is published beside the sites
    for language in ("en", "es"):
        data = mini_project / "_build" / "data" / language / "assessments.json"
        assert json.loads(data.read_text(encoding="utf-8"))["language"] == language


def test_nothing_changed_means_nothing_rebuilt(mini_project, capsys):
    assert build(mini_project, "html", "--languages", "en") == 0
    page = mini_project / "_build" / "html" / "en" / "index.html"
    before = page.stat().st_mtime_ns
    capsys.readouterr()
    assert build(mini_project, "html", "--languages", "en") == 0
    assert "up to date" in capsys.readouterr().out
    assert page.stat().st_mtime_ns == before
    # an edit is picked up
    source = mini_project / "reports" / "alpha" / "introduction.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    assert build(mini_project, "html", "--languages", "en") == 0
    assert "A new paragraph." in (page.parent / "alpha" / "introduction.html").read_text(
        encoding="utf-8"
    )


def test_a_failing_language_does_not_stop_or_damage_the_others(mini_project, capsys):
    assert build(mini_project, "html") == 0
    es_home = mini_project / "_build" / "html" / "es" / "index.html"
    last_good = es_home.read_bytes()
    # a translator's entry that points to a page that does not exist: a warning, so an error
    retranslate_home(mini_project, "{doc}`un informe <no-such-page>`")
    source = mini_project / "reports" / "alpha" / "introduction.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nChanged.\n", encoding="utf-8")
    capsys.readouterr()

    assert build(mini_project, "html") == 1
    out = capsys.readouterr().out
    assert "es        html    failed" in out
    assert "en        html    ok" in out
    assert "--- es html failed" in out and "no-such-page" in out  # the log's reason is shown
    assert es_home.read_bytes() == last_good  # the last good Spanish site is still there
    en_intro = mini_project / "_build" / "html" / "en" / "alpha" / "introduction.html"
    assert "Changed." in en_intro.read_text(encoding="utf-8")


@pytest.mark.slow
def test_pdf_volumes_are_complete_and_not_rewritten_when_unchanged(mini_project):
    assert build(mini_project, "pdf", "--languages", "es") == 0
    folder = mini_project / "_build" / "pdf" / "es"
    volumes = sorted(p.name for p in folder.glob("*.pdf"))
    assert volumes == ["alpha.pdf", "mini-collection.pdf"]
    alpha = folder / "alpha.pdf"
    assert pdf_check.font_problems(alpha) == []
    assert pdf_check.fonts(alpha), "pdffonts lists no font at all"
    info = pdf_check.info(alpha)
    assert info["Title"] == "Alpha: national law and the Convention"
    assert info["Author"] == "Alpha Organisation; Beta Organisation"
    assert "A4" in info["Page size"]
    assert pdf_check.language(alpha) == "es"
    assert pdf_check.has_outline(alpha)
    text = pdf_check.text(alpha)
    assert "Välismaalaste seadus" in text and "õ ä ö ü š ž" in text
    assert "Estonia" in text  # the title page names the country (in Spanish: Estonia)
    assert "Passed on 9 December 2009." in text  # footnote in the body
    assert "Riigi Teataja, the official gazette." in text  # footnote in a table
    assert "Borrador" in text  # status, translated

    mtimes = {p: p.stat().st_mtime_ns for p in folder.glob("*.pdf")}
    assert build(mini_project, "pdf", "--languages", "es") == 0
    assert {p: p.stat().st_mtime_ns for p in folder.glob("*.pdf")} == mtimes


@pytest.mark.slow
def test_pdf_of_one_report_only(mini_project):
    assert build(mini_project, "pdf", "--languages", "en", "--reports", "alpha") == 0
    assert [p.name for p in (mini_project / "_build" / "pdf" / "en").glob("*.pdf")] == ["alpha.pdf"]


@pytest.mark.slow
def test_epub_passes_epubcheck(mini_project):
    assert build(mini_project, "epub", "--languages", "es") == 0
    report = epub_check.check(mini_project / "_build" / "epub" / "es" / "mini-collection.epub")
    assert report.version.startswith("5.")
    assert report.clean, report.messages


def test_a_removed_page_leaves_nothing_behind(mini_project):
    """A deleted page's old HTML is not published, and the EPUB does not list it (which
    EPUBCheck would refuse: content no link reaches)."""
    reports = mini_project / "reports" / "alpha"
    (reports / "extra.md").write_text("# Extra page\n\nSoon removed.\n", encoding="utf-8")
    index = reports / "index.md"
    original = index.read_text(encoding="utf-8")
    index.write_text(
        original.replace("introduction\n", "introduction\nextra\n", 1), encoding="utf-8"
    )
    assert build(mini_project, "html", "epub", "--languages", "en") == 0
    html = mini_project / "_build" / "html" / "en" / "alpha"
    assert (html / "extra.html").is_file()

    (reports / "extra.md").unlink()
    index.write_text(original, encoding="utf-8")
    assert build(mini_project, "html", "epub", "--languages", "en") == 0
    assert not (html / "extra.html").exists()
    assert (html / "introduction.html").is_file()
    report = epub_check.check(mini_project / "_build" / "epub" / "en" / "mini-collection.epub")
    assert report.clean, report.messages


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["html", "--languages", "en xx"], "unknown language 'xx'; valid: en es"),
        (
            ["pdf", "--reports", "atlantis"],
            "unknown report 'atlantis'; valid: alpha mini-collection",
        ),
        (["word"], "unknown format 'word'; valid: html pdf epub docx submission"),
    ],
)
def test_bad_requests_get_a_one_line_error(mini_project, capsys, args, message):
    assert build(mini_project, *args) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"error: {message}"
    assert not (mini_project / "_build" / "html").exists()


def test_a_change_of_the_tools_rewrites_every_page(mini_project, monkeypatch, capsys):
    """Sphinx alone would rewrite only changed sources; new extension code must show
    on every page."""
    from build_tools.pipeline import jobs

    assert build(mini_project, "html", "--languages", "en") == 0
    page = mini_project / "_build" / ".work" / "en" / "html" / "out" / "alpha" / "index.html"
    before = page.stat().st_mtime_ns
    monkeypatch.setattr(jobs, "tool_inputs", lambda *args: "a new version of build_tools")
    assert build(mini_project, "html", "--languages", "en") == 0
    assert page.stat().st_mtime_ns != before
    log = (mini_project / "_build" / "logs" / "en-html.log").read_text(encoding="utf-8")
    assert " -E -a " in log


def test_adding_a_language_is_one_line_and_one_command(mini_project, capsys):
    """As the translator's guide says: add the code to conf.py, run update-po, build."""
    from build_tools.i18n.cli import main as i18n_main

    conf = mini_project / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8").replace('["en", "es"]', '["en", "es", "et"]'),
        encoding="utf-8",
    )
    assert i18n_main(["extract", "--root", str(mini_project)]) == 0
    assert i18n_main(["update", "--root", str(mini_project), "--languages", "et"]) == 0
    po = mini_project / "locale" / "et" / "LC_MESSAGES" / "alpha" / "introduction.po"
    assert "Language: et" in po.read_text(encoding="utf-8")
    assert build(mini_project, "html", "--languages", "et") == 0
    page = mini_project / "_build" / "html" / "et" / "alpha" / "introduction.html"
    html = page.read_text(encoding="utf-8")
    assert 'lang="et"' in html
    assert "shadow-translation-banner" in html  # nothing translated yet: readers are told
    assert 'href="../../es/alpha/introduction.html"' in html  # and every language links


@pytest.mark.slow
def test_two_builds_with_one_source_date_are_byte_identical(tmp_path, monkeypatch):
    """Reproducible: HTML, PDF, EPUB and the open data, in two separate checkouts."""
    import shutil

    from tests.conftest import ROOTS

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    outputs = []
    for name in ("first", "second"):
        project = tmp_path / name
        shutil.copytree(ROOTS / "project-mini", project)
        assert build(project, "html", "pdf", "epub", "--languages", "es") == 0
        built = project / "_build"
        outputs.append(
            {
                str(p.relative_to(built)): p.read_bytes()
                for folder in ("html", "pdf", "epub", "data")
                for p in sorted((built / folder).rglob("*"))
                if p.is_file()
            }
        )
    assert outputs[0].keys() == outputs[1].keys()
    differing = [name for name in outputs[0] if outputs[0][name] != outputs[1][name]]
    assert differing == []
    assert any(name.endswith(".pdf") for name in outputs[0])
    assert any(name.endswith(".epub") for name in outputs[0])
