"""``update`` and ``purge`` on real PO files: stable output, fuzzy changes with ``#| msgid``,
no translation ever lost (obsolete entries, renamed pages), correct headers, atomic writes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from babel.messages.plurals import get_plural

from build_tools.i18n import pofiles
from build_tools.i18n.cli import main, purge_main, update_main
from build_tools.i18n.layout import Layout
from build_tools.i18n.update import purge, update
from tests.conftest import ROOTS

INTRO = "alpha/intro"
CHANGED_FROM = (
    "Spain has neither signed nor ratified the Convention, so the report does not review "
    "compliance with a binding obligation."
)
CHANGED_TO = CHANGED_FROM.replace("does not review", "does not assess")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(ROOTS / "i18n-merge", target)
    return target


def run_update(project: Path, *args: str) -> int:
    return update_main(["--root", str(project), "--pot-dir", str(project / "pot"), *args])


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.po"))}


def po(project: Path, domain: str, language: str = "es") -> polib.POFile:
    return polib.pofile(str(project / "locale" / language / "LC_MESSAGES" / f"{domain}.po"))


def edit_template(project: Path, domain: str, old: str, new: str) -> None:
    path = project / "pot" / f"{domain}.pot"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_update_twice_changes_nothing(project: Path) -> None:
    assert run_update(project) == 0
    first = snapshot(project / "locale")
    mtimes = {p: p.stat().st_mtime_ns for p in (project / "locale").rglob("*.po")}
    assert run_update(project) == 0
    assert snapshot(project / "locale") == first  # byte-identical
    assert {p: p.stat().st_mtime_ns for p in (project / "locale").rglob("*.po")} == mtimes
    # every language of conf.py but English, every template
    assert sorted(first) == sorted(
        f"{lang}/LC_MESSAGES/{d}.po"
        for lang in ("es", "fr")
        for d in ("alpha/intro", "index", "shadow-interface")
    )


def test_output_is_wrapped_at_79_columns_and_keeps_the_translators_work(project: Path) -> None:
    assert run_update(project) == 0
    text = (project / "locale/es/LC_MESSAGES/alpha/intro.po").read_text(encoding="utf-8")
    body = text[text.index("\n\n") :]  # polib does not wrap the header's fields
    assert max(len(line) for line in body.splitlines()) <= 79
    intro = po(project, INTRO)
    assert intro.find("Introduction").msgstr == "Introducción"
    assert intro.find("Introduction").tcomment == "Título de la página"
    assert intro.metadata["X-Generator"] == "Poedit 3.4"  # fields of other tools are kept
    assert intro.metadata["Last-Translator"] == "Ana Traductora <ana@example.org>"
    assert intro.metadata["PO-Revision-Date"] == "2026-02-03 10:00+0100"  # the translator's


@pytest.mark.parametrize("language", ["es", "fr"])
def test_headers_are_complete_for_poedit_and_weblate(project: Path, language: str) -> None:
    assert run_update(project) == 0
    for domain in ("alpha/intro", "index", "shadow-interface"):
        metadata = po(project, domain, language).metadata
        assert metadata["Language"] == language
        assert metadata["Plural-Forms"] == str(get_plural(language))
        assert metadata["Content-Type"] == "text/plain; charset=UTF-8"
        assert metadata["Content-Transfer-Encoding"] == "8bit"
        assert metadata["MIME-Version"] == "1.0"
        assert metadata["Project-Id-Version"] == "Fixture collection 1"
        path = project / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
        # gettext's own header and format checks accept every file, without a warning
        checked = subprocess.run(
            ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, check=False
        )
        assert (checked.returncode, checked.stderr) == (0, b"")


def test_a_changed_source_string_becomes_fuzzy_with_its_previous_msgid(project: Path) -> None:
    old_translation = po(project, INTRO).find(CHANGED_FROM).msgstr
    edit_template(project, INTRO, "does not review", "does not assess")
    assert run_update(project) == 0
    entry = po(project, INTRO).find(CHANGED_TO)
    assert entry.fuzzy
    assert entry.previous_msgid == CHANGED_FROM
    assert entry.msgstr == old_translation
    assert po(project, INTRO).find(CHANGED_FROM, include_obsolete_entries=True) is None
    text = (project / "locale/es/LC_MESSAGES/alpha/intro.po").read_text(encoding="utf-8")
    assert '#| msgid ""\n#| "Spain has neither signed' in text
    # the date of the template moves with the entries, never on a header-only rewrite
    assert po(project, INTRO).metadata["POT-Creation-Date"] == "2026-01-01 00:00+0000"
    before = snapshot(project / "locale")
    assert run_update(project) == 0
    assert snapshot(project / "locale") == before


def test_a_string_that_leaves_the_template_stays_obsolete_until_purge(project: Path) -> None:
    title = '#: ../../reports/alpha/intro.md:1\nmsgid "Introduction"\nmsgstr ""\n\n'
    edit_template(project, INTRO, title, "")
    assert run_update(project) == 0
    obsolete = {e.msgid: e.msgstr for e in po(project, INTRO).obsolete_entries()}
    assert obsolete == {
        "An old paragraph that is no longer in the source.": (
            "Un párrafo antiguo que ya no está en la fuente."
        ),
        "Introduction": "Introducción",
    }
    assert run_update(project) == 0  # still there on the next run
    assert len(po(project, INTRO).obsolete_entries()) == 2

    assert purge_main(["--root", str(project), "--languages", "es"]) == 0
    assert po(project, INTRO).obsolete_entries() == []
    assert po(project, INTRO).find(CHANGED_FROM).msgstr.startswith("España no ha firmado")


def test_an_obsolete_string_that_comes_back_is_translated_again(project: Path) -> None:
    text = (project / "pot/alpha/intro.pot").read_text(encoding="utf-8")
    revived = 'msgid "An old paragraph that is no longer in the source."\nmsgstr ""\n'
    (project / "pot/alpha/intro.pot").write_text(text + "\n" + revived, encoding="utf-8")
    assert run_update(project) == 0
    entry = po(project, INTRO).find("An old paragraph that is no longer in the source.")
    assert entry is not None and not entry.obsolete and not entry.fuzzy
    assert entry.msgstr == "Un párrafo antiguo que ya no está en la fuente."


def test_a_renamed_page_keeps_its_translations(project: Path) -> None:
    old_pot = project / "pot/alpha/intro.pot"
    new_pot = project / "pot/alpha/introduction.pot"
    text = old_pot.read_text(encoding="utf-8").replace("alpha/intro.md", "alpha/introduction.md")
    new_pot.write_text(text.replace("does not review", "does not assess"), encoding="utf-8")
    old_pot.unlink()
    translations = {e.msgid: e.msgstr for e in po(project, INTRO)}
    assert run_update(project, "--languages", "es") == 0

    moved = po(project, "alpha/introduction")
    exact = moved.find("Introduction")
    assert (exact.msgstr, exact.fuzzy) == ("Introducción", False)  # exact: as it was
    assert exact.tcomment == "Título de la página"
    close = moved.find(CHANGED_TO)
    assert close.fuzzy and close.previous_msgid == CHANGED_FROM  # close: fuzzy, with #|
    assert close.msgstr == translations[CHANGED_FROM]
    assert moved.find("Law and practice are rated separately.").msgstr == ""
    assert moved.metadata["Language"] == "es"
    # the old page's translations are not lost: obsolete until purged
    old = po(project, INTRO)
    assert [e for e in old if not e.obsolete] == []
    assert {e.msgid for e in old.obsolete_entries()} >= {"Introduction", CHANGED_FROM}

    again = snapshot(project / "locale")
    assert run_update(project, "--languages", "es") == 0
    assert snapshot(project / "locale") == again

    assert purge_main(["--root", str(project), "--languages", "es"]) == 0
    assert not (project / "locale/es/LC_MESSAGES/alpha/intro.po").exists()  # nothing left
    assert (project / "locale/es/LC_MESSAGES/alpha/introduction.po").is_file()


def test_a_page_moved_after_its_strings_went_obsolete_still_gets_them(project: Path) -> None:
    """The memory of a new page includes obsolete entries of the language's other pages."""
    new_pot = project / "pot/beta/old-paragraph.pot"
    new_pot.parent.mkdir()
    header = (project / "pot/index.pot").read_text(encoding="utf-8").split("\n\n")[0]
    new_pot.write_text(
        header + '\n\nmsgid "An old paragraph that is no longer in the source."\nmsgstr ""\n',
        encoding="utf-8",
    )
    assert run_update(project, "--languages", "es") == 0
    entry = po(project, "beta/old-paragraph").find(
        "An old paragraph that is no longer in the source."
    )
    assert (entry.msgstr, entry.fuzzy) == ("Un párrafo antiguo que ya no está en la fuente.", False)


def test_a_po_file_that_does_not_parse_is_named_and_left_alone(project: Path, capsys) -> None:
    broken = project / "locale/es/LC_MESSAGES/index.po"
    broken.write_text(
        broken.read_text(encoding="utf-8") + '\nmsgid "x"\nmsgstr "y"\nnonsense here\n',
        encoding="utf-8",
    )
    before = snapshot(project / "locale")
    assert run_update(project) == 2
    error = capsys.readouterr().err
    assert f"{broken}:26: syntax error" in error and error.startswith("error: ")
    assert snapshot(project / "locale") == before  # nothing written, in any language


def test_duplicate_entries_are_refused_with_their_line(project: Path, capsys) -> None:
    path = project / "locale/es/LC_MESSAGES/index.po"
    path.write_text(
        path.read_text(encoding="utf-8") + '\nmsgid "Shadow reports"\nmsgstr "Informes sombra"\n',
        encoding="utf-8",
    )
    assert run_update(project) == 2
    assert f"{path}:24: duplicate msgid" in capsys.readouterr().err


def test_a_failed_write_leaves_the_previous_file_whole(project: Path, monkeypatch) -> None:
    path = project / "locale/es/LC_MESSAGES/alpha/intro.po"
    before = path.read_bytes()

    def disk_full(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pofiles.os, "replace", disk_full)
    with pytest.raises(OSError):
        update(Layout.load(project), ("es",), project / "pot")
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == ["intro.po"]  # no temporary left over


def test_update_refuses_to_run_without_templates(project: Path, capsys) -> None:
    shutil.rmtree(project / "pot")
    before = snapshot(project / "locale")
    assert run_update(project) == 2
    assert "run the extract command first" in capsys.readouterr().err
    assert snapshot(project / "locale") == before


def test_unknown_language_is_a_usage_error(project: Path, capsys) -> None:
    assert main(["update", "--root", str(project), "--languages", "de"]) == 2
    assert "unknown language 'de'" in capsys.readouterr().err


def test_purge_of_a_clean_catalogue_writes_nothing(project: Path) -> None:
    assert run_update(project) == 0
    purge(Layout.load(project), ("es", "fr"))
    before = snapshot(project / "locale")
    changes = purge(Layout.load(project), ("es", "fr"))
    assert {change.action for change in changes} == {"unchanged"}
    assert snapshot(project / "locale") == before


def test_a_po_file_that_is_not_utf8_is_named_at_its_line(project: Path, capsys) -> None:
    path = project / "locale/es/LC_MESSAGES/index.po"
    data = path.read_bytes().replace("reúne".encode(), "reúne".encode("latin-1"))
    path.write_bytes(data)
    assert run_update(project) == 2
    assert f"{path}:20: not valid utf-8" in capsys.readouterr().err
    assert path.read_bytes() == data


def test_a_new_page_is_not_offered_unrelated_short_strings(project: Path) -> None:
    """msgmerge alone would offer "Introduction"'s translation for "Intro" (fstrcmp 0.6):
    the compendium holds only exact and close (difflib >= 0.8) earlier strings."""
    new_pot = project / "pot/beta/short.pot"
    new_pot.parent.mkdir()
    header = (project / "pot/index.pot").read_text(encoding="utf-8").split("\n\n")[0]
    new_pot.write_text(
        header + '\n\nmsgid "Intro"\nmsgstr ""\n\nmsgid "Introductions"\nmsgstr ""\n',
        encoding="utf-8",
    )
    assert run_update(project, "--languages", "es") == 0
    page = po(project, "beta/short")
    assert (page.find("Intro").msgstr, page.find("Intro").fuzzy) == ("", False)
    close = page.find("Introductions")
    assert (close.msgstr, close.fuzzy, close.previous_msgid) == (
        "Introducción",
        True,
        "Introduction",
    )


def test_an_unchanged_file_in_another_wrapping_is_left_alone(project: Path) -> None:
    """A file Poedit or polib wrapped differently is not rewritten when no entry changed."""
    assert run_update(project, "--languages", "es") == 0
    path = project / "locale/es/LC_MESSAGES/alpha/intro.po"
    rewrapped = str(polib.pofile(str(path), wrapwidth=120)) + "\n"
    assert any(len(line) > 79 for line in rewrapped.splitlines())
    path.write_text(rewrapped, encoding="utf-8")
    assert run_update(project, "--languages", "es") == 0
    assert path.read_text(encoding="utf-8") == rewrapped
