"""Readers see the truth: a partly translated page says so, in HTML, PDF and EPUB, and
the status page shows the figures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

# partial.md: "Partial page" (2 words) and "This sentence is translated." (4) translated,
# the last sentence (10 words) not: 6 of 16 words, 37 %.
PARTIAL = "This page is 37 % translated; untranslated passages appear in inglés."


@pytest.mark.sphinx(
    "html",
    testroot="translation-banner",
    confoverrides={"language": "es"},
    srcdir="translation-banner-es",
)
def test_html_banner_on_partial_pages_only(app):
    app.build()
    out = Path(app.outdir)
    assert PARTIAL in (out / "partial.html").read_text(encoding="utf-8")
    full = (out / "full.html").read_text(encoding="utf-8")
    assert "Cada frase de esta página está traducida." in full
    assert "shadow-translation-banner" not in full


@pytest.mark.sphinx("html", testroot="translation-banner")
def test_no_banner_in_the_source_language(app):
    app.build()
    page = (Path(app.outdir) / "partial.html").read_text(encoding="utf-8")
    assert "shadow-translation-banner" not in page
    assert 'lang="en"' not in page.split("<main", 1)[1]  # nothing to mark in English


@pytest.mark.sphinx(
    "html",
    testroot="translation-banner",
    confoverrides={"language": "es"},
    srcdir="translation-banner-es",
)
def test_english_passages_and_examples_say_so_on_a_translated_page(app):
    app.build()
    page = (Path(app.outdir) / "partial.html").read_text(encoding="utf-8")
    assert '<p lang="en">This longer sentence has not been translated yet by anyone.</p>' in page
    assert re.search(r'<div class="[^"]*highlight-text[^"]*" lang="en">', page), "the example"
    assert "<p>Esta frase está traducida.</p>" in page  # translated: no mark


@pytest.mark.sphinx(
    "latex",
    testroot="translation-banner",
    confoverrides={"language": "es"},
    srcdir="translation-banner-es",
)
def test_pdf_chapter_note(app):
    app.build()
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    assert tex.count("This page is 37") == 1  # the partial chapter, not the full one
    assert r"\begin{sphinxadmonition}{note}" in tex


@pytest.mark.sphinx(
    "epub",
    testroot="translation-banner",
    confoverrides={"language": "es"},
    srcdir="translation-banner-es",
)
def test_epub_chapter_note(app):
    app.build()
    out = Path(app.outdir)
    assert PARTIAL in (out / "partial.xhtml").read_text(encoding="utf-8")
    assert "This page is" not in (out / "full.xhtml").read_text(encoding="utf-8")


@pytest.mark.sphinx(
    "html",
    testroot="translation-banner",
    confoverrides={"language": "es"},
    srcdir="translation-banner-es",
)
def test_status_page_counts_words_per_report(app):
    app.build()
    page = (Path(app.outdir) / "status.html").read_text(encoding="utf-8")
    # collection pages: full 9 of 9 words, partial 6 of 16 (index and status have no PO
    # file)
    assert "15 / 25" in page and "60 %" in page


@pytest.fixture
def gate_open(monkeypatch):
    """The translation gate compiling without checking: to test the second lock alone."""
    from build_tools.i18n import gate

    def admit(po_files, cache):
        for po in po_files:
            assert not gate.msgfmt(po, po.with_suffix(".mo"))
        return []

    monkeypatch.setattr("build_tools.sphinx_ext.translation_gate.admit", admit)


@pytest.mark.sphinx("html", testroot="translation-unsafe", confoverrides={"language": "es"})
def test_the_gate_refuses_script_from_a_translation(make_app, app_params):
    args, kwargs = app_params
    with pytest.raises(SystemExit) as stopped:
        make_app(*args, **kwargs)
    assert stopped.value.code == 1


@pytest.mark.sphinx(
    "html",
    testroot="translation-unsafe",
    confoverrides={"language": "es"},
    srcdir="translation-unsafe-open",
)
def test_script_from_a_translation_never_reaches_the_page(gate_open, app):
    app.build()
    page = (Path(app.outdir) / "unsafe.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(document.cookie)&lt;/script&gt;" in page  # shown, inert
    assert 'href="javascript:' not in page  # markdown-it refuses the link: inert text
    assert "el sitio oficial" in page
    warnings = app.warning.getvalue()
    assert (
        "unsafe.md:3:<translated>:1: WARNING: a translation contains raw HTML; shown as text"
        in warnings
    )
    assert "[shadow.unsafe-translation]" in warnings


def _po(msgstr: str) -> str:
    header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    return f'{header}msgid "Two words"\nmsgstr "{msgstr}"\n'


def test_a_page_progress_is_read_again_once_its_po_file_changed(tmp_path):
    from build_tools.sphinx_ext.translation_status import _page_progress

    po = tmp_path / "page.po"
    po.write_text(_po(""), encoding="utf-8")
    assert _page_progress(po).translated_words == 0
    assert _page_progress(po).translated_words == 0  # the same file: kept
    po.write_text(_po("Dos palabras"), encoding="utf-8")  # what a translator saves
    assert _page_progress(po).translated_words == 2


# fuzzy, obsolete and plural entries: the counts a cache keeps must be polib's
MIXED_PO = """msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "Two words"
msgstr "Dos palabras"

#, fuzzy
msgid "Three fuzzy words"
msgstr "Tres palabras"

msgid "Not translated yet"
msgstr ""

msgid "One report"
msgid_plural "Many reports"
msgstr[0] "Un informe"
msgstr[1] "Varios informes"

#~ msgid "An obsolete entry"
#~ msgstr "Una entrada obsoleta"
"""


def _shared(tmp_path, monkeypatch, parse=True):
    from build_tools.sphinx_ext import translation_status

    if not parse:  # a process that must find every figure in the shared file

        def refuse(po):
            raise AssertionError(f"{po} parsed again")

        monkeypatch.setattr(translation_status, "page_progress", refuse)
    return translation_status.SharedProgress(tmp_path / "progress.json")


def test_shared_figures_are_polibs_and_reach_the_next_process(tmp_path, monkeypatch):
    from build_tools.i18n.status import page_progress

    po = tmp_path / "page.po"
    po.write_text(MIXED_PO, encoding="utf-8")
    expected = page_progress(po)
    assert (expected.translated_strings, expected.fuzzy_strings, expected.total_strings) == (
        2,
        1,
        4,
    )
    first = _shared(tmp_path, monkeypatch)
    assert first.get(po) == expected
    first.save()
    assert _shared(tmp_path, monkeypatch, parse=False).get(po) == expected


def test_a_changed_po_file_is_counted_again(tmp_path, monkeypatch):
    po = tmp_path / "page.po"
    po.write_text(_po(""), encoding="utf-8")
    first = _shared(tmp_path, monkeypatch)
    assert first.get(po).translated_words == 0
    first.save()
    po.write_text(_po("Dos palabras"), encoding="utf-8")
    assert _shared(tmp_path, monkeypatch).get(po).translated_words == 2


@pytest.mark.parametrize(
    "corrupt",
    ['{"version": "', '{"version": "0", "files": {}}', '{"files": {"a": ["x", [1, 2]]}}', "[]"],
)
def test_a_corrupt_shared_file_is_ignored_and_written_again(tmp_path, monkeypatch, corrupt):
    po = tmp_path / "page.po"
    po.write_text(_po("Dos palabras"), encoding="utf-8")
    (tmp_path / "progress.json").write_text(corrupt, encoding="utf-8")
    shared = _shared(tmp_path, monkeypatch)
    assert shared.get(po).translated_words == 2
    shared.save()
    assert _shared(tmp_path, monkeypatch, parse=False).get(po).translated_words == 2
