"""Every word of the interface in the reader's language: each HTML page of a translated
site, and the EPUB's navigation and metadata, are scanned for interface words left in
English (build_tools/checks/interface_words.py); the scan must also catch them."""

from __future__ import annotations

import zipfile

import pytest

from build_tools.checks import interface_words
from build_tools.pipeline.project import Project

from ..conftest import REPO

LANGUAGES = Project.load(REPO).languages
TRANSLATED = [language for language in LANGUAGES if language != LANGUAGES[0]]


def words(language: str) -> frozenset[str]:
    return interface_words.interface_words(
        REPO / "locale" / language / "LC_MESSAGES" / "shadow-interface.po"
    )


@pytest.mark.slow
@pytest.mark.parametrize("language", TRANSLATED)
def test_no_english_interface_word_on_a_translated_site(corpus, language):
    site = corpus / "html" / language
    assert interface_words.site_problems(site, language, words(language)) == []


@pytest.mark.slow
@pytest.mark.parametrize("language", TRANSLATED)
def test_the_epub_navigation_and_metadata_are_translated(corpus, language):
    epub = corpus / "epub" / language / "shadow-reports.epub"
    assert interface_words.epub_problems(epub, language, words(language)) == []
    with zipfile.ZipFile(epub) as book:
        opf = book.read("content.opf").decode("utf-8")
        assert "<dc:description>unknown" not in opf and "<dc:contributor>unknown" not in opf
        assert "shadow-cover.png" in opf
        pages = [n for n in book.namelist() if n.endswith(".xhtml")]
        for name in pages:
            head = book.read(name)[:400].decode("utf-8")
            assert f'lang="{language}"' in head, name


def test_the_scan_finds_english_labels_and_spares_marked_passages(tmp_path):
    site = tmp_path / "es"
    site.mkdir()
    (site / "page.html").write_text(
        '<!DOCTYPE html><html lang="es"><head><title>Página — documentación de X</title></head>'
        '<body><form><label for="q">Search</label><input id="q"><button>Ir</button></form>'
        '<nav aria-label="Reports"></nav><main><p lang="en">Search the text.</p>'
        '<p lang="en"><strong>Status</strong></p><p>Estado</p>'
        # a tool's menu path in code is literal: the translation keeps it as written
        '<p>Abra (<code><span class="pre">File</span></code>) y <span>Search</span></p>'
        "</main></body></html>",
        encoding="utf-8",
    )
    found = interface_words.site_problems(site, "es", words("es"))
    assert found == [
        "page.html: label: 'Search'",
        "page.html: nav@aria-label: 'Reports'",
        "page.html: span: 'Search'",
        "page.html: title: 'Página — documentación de X'",
    ]
