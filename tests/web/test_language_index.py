"""The root language page: each language by its own name, with the collection's title in
that language when the interface catalogue translates it, marked English when it does not."""

from __future__ import annotations

from pathlib import Path

import polib

from build_tools.design import TOKENS
from build_tools.pipeline.language_index import language_index, write_language_index
from build_tools.pipeline.project import Project

TITLE = "Shadow reports on the Convention"


def _project(root: Path, spanish: str | None, fuzzy: bool = False) -> Project:
    (root / "conf.py").write_text(
        f'project = "{TITLE}"\ncopyright = "2026, Test Org"\n'
        'shadow_languages = ["en", "es", "fr"]\n',
        encoding="utf-8",
    )
    if spanish is not None:
        po = polib.POFile()
        po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
        po.append(polib.POEntry(msgid=TITLE, msgstr=spanish, flags=["fuzzy"] if fuzzy else []))
        folder = root / "locale" / "es" / "LC_MESSAGES"
        folder.mkdir(parents=True)
        po.save(str(folder / "shadow-interface.po"))
    return Project.load(root)


def test_each_language_is_offered_in_its_own_words(tmp_path):
    page = language_index(_project(tmp_path, "Informes paralelos"), ["en", "es", "fr"])
    assert '<html lang="en">' in page and f"<h1>{TITLE}</h1>" in page
    assert '<li lang="es"><a href="es/index.html" hreflang="es">Español</a>' in page
    assert "<p>Informes paralelos</p>" in page  # in Spanish, inside the Spanish item
    # French has no catalogue: its title is the English one, and says so
    assert '<li lang="fr"><a href="fr/index.html" hreflang="fr">Français</a>' in page
    assert f'<p lang="en">{TITLE}</p>' in page
    assert f"--shadow-brand: {TOKENS.brand};" in page  # the site's design tokens
    assert "<footer><p>&#169; 2026, Test Org</p></footer>" in page  # as the site's footer


def test_a_fuzzy_title_is_not_shown_as_a_translation(tmp_path):
    page = language_index(_project(tmp_path, "Informes dudosos", fuzzy=True), ["es"])
    assert "Informes dudosos" not in page and f'<p lang="en">{TITLE}</p>' in page


def test_only_built_languages_are_linked_and_an_unchanged_page_is_not_rewritten(tmp_path):
    project = _project(tmp_path, None)
    (tmp_path / "_build" / "html" / "es").mkdir(parents=True)
    (tmp_path / "_build" / "html" / "es" / "index.html").write_text("<p>es</p>")
    target = write_language_index(project)
    page = target.read_text(encoding="utf-8")
    assert 'href="es/index.html"' in page and 'href="fr/index.html"' not in page
    before = target.stat().st_mtime_ns
    assert write_language_index(project) == target and target.stat().st_mtime_ns == before
