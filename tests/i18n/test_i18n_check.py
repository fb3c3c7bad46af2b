"""``check``: each rule reported at the msgstr line of the entry that breaks it, unsafe
translations rejected, fuzzy and obsolete entries left alone, and the shipped translations
of the corpus clean."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest

from build_tools.i18n.check import check, check_file
from build_tools.i18n.cli import check_main
from build_tools.i18n.layout import Layout
from build_tools.i18n.safety import unsafe_markup
from build_tools.i18n.terminology import Glossary, load_glossary
from tests.conftest import REPO, ROOTS

ROOT = ROOTS / "i18n-check"
MESSAGES = ROOT / "locale/es/LC_MESSAGES"


def found(path: Path) -> list[tuple[int, str, str]]:
    glossary = load_glossary(ROOT / "locale/es/terminology.yaml")
    return [(p.line, p.rule, p.message) for p in check_file(path, glossary)]


def test_markup_and_terminology_problems_at_their_msgstr_line() -> None:
    assert found(MESSAGES / "markup.po") == [
        (26, "markup", "role: missing {article}`25`; not in the source {article}`52`"),
        (29, "markup", "role: missing {doc}`../spain/index`; "
         "not in the source {doc}`../spain/indice`"),
        (32, "markup", "footnote reference: missing [^es-amend]"),
        (35, "markup", "link URL: missing https://www.boe.es; "
         "not in the source https://www.example.org"),
        (38, "markup", "number: missing 9"),
        (41, "markup", "inline code: missing `make html`; not in the source `make pdf`"),
        (41, "markup", "substitution: missing {{ edition }}; not in the source {{ edicion }}"),
        (44, "terminology", "'migrant worker' must be translated as 'trabajador migratorio' / "
         "'trabajadores migratorios'"),
    ]  # fmt: skip
    # the lines are the msgstr lines of the PO file (fuzzy, line 49, and obsolete, 52: no)
    lines = (MESSAGES / "markup.po").read_text(encoding="utf-8").splitlines()
    assert all(lines[n - 1].startswith("msgstr") for n in (26, 29, 32, 35, 38, 41, 44))


def test_unsafe_translations_are_rejected() -> None:
    problems = found(MESSAGES / "unsafe.po")
    unsafe = [(line, message) for line, rule, message in problems if rule == "unsafe-markup"]
    assert unsafe == [
        (15, "raw HTML <script> tag"),
        (18, "raw HTML <iframe> tag"),
        (21, "HTML event handler onerror="),
        (21, "raw HTML <img> tag"),
        (24, "javascript: URL"),
        (27, "data: URL"),
        (30, "HTML event handler onmouseover="),
        (33, "raw HTML <span> tag that is not in the source"),
    ]
    # the first entry (autolink, role target, a tag of the source) is safe: nothing at 12
    assert 12 not in {line for line, _, _ in problems}
    # the changed link URLs are also markup problems
    assert [line for line, rule, _ in problems if rule == "markup"] == [24, 27]


@pytest.mark.parametrize(
    "translation",
    [
        "<SCRIPT>alert(1)</SCRIPT>",
        "<svg/onload=alert(1)>",
        "[x](JaVaScRiPt:alert(1))",
        "[x](java\tscript:alert(1))",
        "[x](java&#115;cript:alert(1))",
        "[x](vbscript:msgbox(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<https://example.org> <object data=x>",
        "<p onclick=alert(1)>x</p>",
    ],
)
def test_more_malicious_translations(translation: str, tmp_path: Path) -> None:
    path = tmp_path / "evil.po"
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    catalog.append(polib.POEntry(msgid="A harmless sentence.", msgstr=translation))
    catalog.save(str(path))  # "#", msgid "", header msgstr, blank, msgid: the msgstr is line 6
    problems = check_file(path, Glossary(None))
    assert "unsafe-markup" in {p.rule for p in problems}
    assert {p.line for p in problems} == {6}


@pytest.mark.parametrize(
    ("source", "translation"),
    [
        ("Set `onload=init` in the template.", "Ponga `onload=init` en la plantilla."),
        ("See {doc}`the index <index>`.", "Véase {doc}`el índice <index>`."),
        ("See <https://www.boe.es>.", "Véase <https://www.boe.es>."),
        ("Personal data: none.", "Datos personales (data: none)."),
        ("A <abbr>UN</abbr> body.", "Un órgano de la <abbr>ONU</abbr>."),
    ],
)
def test_safe_translations_are_accepted(source: str, translation: str) -> None:
    assert unsafe_markup(source, translation) == []


def test_msgfmt_format_errors_at_their_line() -> None:
    assert found(MESSAGES / "shadow-interface.po") == [
        (12, "msgfmt", "a format specification for argument 'number' doesn't exist in 'msgstr'")
    ]


def test_a_po_file_that_does_not_parse_is_a_problem_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.po"
    path.write_text('msgid "a"\nmsgstr "b"\n\nmsgid "c"\nmsgstr "d"\nmsgstr "e"\n')
    problems = check_file(path, Glossary(None))
    assert problems and {p.line for p in problems} == {6}
    assert {p.rule for p in problems} == {"msgfmt"}


def test_command_output_and_exit_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT, project)
    monkeypatch.chdir(project)
    assert check_main(["--root", "."]) == 1
    out = capsys.readouterr().out.splitlines()
    assert "locale/es/LC_MESSAGES/markup.po:38: markup: number: missing 9" in out
    assert len(out) == 19
    for name in ("markup.po", "unsafe.po", "shadow-interface.po"):
        (project / "locale/es/LC_MESSAGES" / name).unlink()
    assert check_main(["--root", "."]) == 0
    assert capsys.readouterr().out == ""


def test_a_broken_terminology_file_is_named(tmp_path: Path, capsys) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT, project)
    (project / "locale/es/terminology.yaml").write_text("terms:\n  a: [b\n  c: d\n")
    assert check_main(["--root", str(project)]) == 2
    assert f"{project}/locale/es/terminology.yaml:3: not valid YAML" in capsys.readouterr().err


def test_terms_are_found_in_the_singular_and_the_plural() -> None:
    glossary = load_glossary(ROOT / "locale/es/terminology.yaml")
    missing = glossary.missing_terms

    assert [t.english for t in missing("A Migrant Worker", "Un trabajador migrante")] == [
        "migrant worker"
    ]
    assert missing("migrant workers' rights", "derechos de los trabajadores migratorios") == []
    assert missing("MIGRANT WORKERS", "TRABAJADORES MIGRATORIOS") == []
    assert missing("migrant workforce", "mano de obra migrante") == []  # not the term
    # a proper name stays in English: the term inside it is not checked
    assert missing("The European Platform for Migrant Workers' Rights", "La European Platform "
                   "for Migrant Workers' Rights") == []  # fmt: skip
    assert [t.english for t in missing("in irregular situations", "en situaciones irregulares")]


@pytest.mark.slow
def test_the_shipped_translations_pass() -> None:
    """The corpus's own PO files and terminology (read only)."""
    layout = Layout.load(REPO)
    assert check(layout, layout.target_languages) == []
    for language in layout.target_languages:
        assert load_glossary(layout.terminology_file(language)).terms  # shipped, not empty
