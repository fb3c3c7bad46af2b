"""The overfull check (``checks/pdf.py``) on small PDFs typst makes with the volumes'
margins: it finds a word that sticks out of the text area, on a portrait page and on a
landscape one, and lets justified text with hanging punctuation pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.checks.pdf import overfull
from build_tools.typst.render import FONT_DIRS
from build_tools.typst.volume import page_margins

typst = pytest.importorskip("typst")
MARGINS = page_margins()


def make_pdf(folder: Path, body: str, *, landscape: bool = False) -> Path:
    m = MARGINS["landscape" if landscape else "portrait"]
    source = folder / "test.typ"
    source.write_text(
        f'#set page(paper: "a4", flipped: {"true" if landscape else "false"}, '
        f"margin: (x: {m['x']}mm, top: {m['top']}mm, bottom: {m['bottom']}mm))\n"
        '#set text(font: "TeX Gyre Pagella", size: 10.5pt, lang: "en")\n'
        "#set par(justify: true)\n" + body,
        encoding="utf-8",
    )
    pdf = folder / "test.pdf"
    fonts = [str(d) for d in FONT_DIRS if d.is_dir()]
    typst.compile(str(source), output=str(pdf), root=str(folder), font_paths=fonts)
    return pdf


PROSE = (
    "The Committee asks the State party, in its concluding observations, to ratify, "
    "publish and apply the Convention; migrant workers (and their families) must know "
    "their rights. "
) * 12


def test_justified_prose_with_hanging_punctuation_passes(tmp_path):
    assert overfull(make_pdf(tmp_path, PROSE), MARGINS) == []


def test_a_word_too_long_for_its_line_is_found_on_its_page(tmp_path):
    body = PROSE + "#pagebreak()\n#text(hyphenate: false)[" + "Unbreakable" * 12 + "]\n"
    problems = overfull(make_pdf(tmp_path, body), MARGINS)
    assert len(problems) == 1
    assert problems[0].startswith("test.pdf: page 2: 'UnbreakableUnbreakable")
    assert "mm past the right margin" in problems[0]


def test_a_table_wider_than_the_landscape_page_is_found(tmp_path):
    cells = ", ".join(f"[Largely{i}]" for i in range(30))
    body = f"#table(columns: 30, {cells})\n"
    problems = overfull(make_pdf(tmp_path, body, landscape=True), MARGINS)
    assert problems and all("page 1:" in p for p in problems)


def test_a_box_pushed_into_the_left_margin_is_found(tmp_path):
    body = "#move(dx: -15mm)[Outdented]\n"
    problems = overfull(make_pdf(tmp_path, body), MARGINS)
    assert problems == ["test.pdf: page 1: 'Outdented' starts 15.0 mm into the left margin"]
