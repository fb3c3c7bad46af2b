"""What poppler and qpdf say about a PDF: fonts, document information, language, outline,
and words that stick out of the text area (:func:`overfull`: Typst warns of none)."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from lxml import etree


@dataclass(frozen=True)
class PdfFont:
    name: str
    type: str
    embedded: bool


def fonts(pdf: Path) -> list[PdfFont]:
    """The fonts ``pdffonts`` lists (name, type, embedded)."""
    out = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, errors="replace", check=True
    ).stdout
    result = []
    for line in out.splitlines()[2:]:
        # columns: name, type (may contain spaces), encoding, emb, sub, uni, object, ID
        match = re.match(r"(\S+)\s+(.+?)\s{2,}(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)", line)
        if match:
            result.append(PdfFont(match[1], match[2].strip(), match[4] == "yes"))
    return result


def font_problems(pdf: Path) -> list[str]:
    """Unembedded and Type 3 fonts, one message each; empty when the PDF is fine."""
    problems = []
    for font in fonts(pdf):
        if not font.embedded:
            problems.append(f"{pdf.name}: font {font.name} is not embedded")
        if font.type.startswith("Type 3"):
            problems.append(f"{pdf.name}: font {font.name} is a Type 3 (bitmap) font")
    return problems


def info(pdf: Path) -> dict[str, str]:
    """The document information ``pdfinfo`` shows (Title, Author, Pages, ...)."""
    out = subprocess.run(
        ["pdfinfo", "-enc", "UTF-8", str(pdf)],
        capture_output=True,
        text=True,
        errors="replace",
        check=True,
    ).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def _catalog(pdf: Path) -> str:
    """The document catalog as text (qpdf decodes object streams)."""
    out = subprocess.run(
        ["qpdf", "--show-object=trailer", str(pdf)],
        capture_output=True,
        text=True,
        errors="replace",
    )
    root = re.search(r"/Root (\d+) 0 R", out.stdout)
    if not root:
        return ""
    return subprocess.run(
        ["qpdf", f"--show-object={root[1]}", str(pdf)],
        capture_output=True,
        text=True,
        errors="replace",
    ).stdout


def language(pdf: Path) -> str | None:
    """The /Lang of the document catalog, e.g. ``es``."""
    match = re.search(r"/Lang \(([^)]*)\)", _catalog(pdf))
    return match[1] if match else None


def has_outline(pdf: Path) -> bool:
    """Whether the PDF has bookmarks (an /Outlines dictionary in its catalog)."""
    return "/Outlines" in _catalog(pdf)


def text(pdf: Path) -> str:
    """The PDF's text, with typographic ligatures (ﬁ, ﬀi) spelled out (NFKC)."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        errors="replace",
        check=True,
    ).stdout
    return unicodedata.normalize("NFKC", out)


MM = 72 / 25.4  # PDF points in a millimetre
#: how far a word may reach past the margin (pt): a glyph's box is a little wider than
#: its advance, and a rating badge's frame reaches a little beyond its word
TOLERANCE = 1.5

#: the marks Typst lets hang into the margin at a line's end and start, and how far, as
#: a part of the word's height
HANGING = frozenset(",.;:!?-\u00ad\u2010\u2013\u2014)]\u201d\u2019\u00bb\"'")
HANGING_START = frozenset("([\u201c\u2018\u00ab\"'")
HANG = 0.4


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    words: tuple[Word, ...]


def words(pdf: Path) -> list[Page]:
    """Every word of every page with its box (points, from the top left), as
    ``pdftotext -bbox-layout`` sees them."""
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        check=True,
    ).stdout
    root = etree.fromstring(out, etree.XMLParser(recover=True, huge_tree=True))
    pages = []
    for number, page in enumerate(root.iter("{*}page"), start=1):
        found = tuple(
            Word(
                number,
                word.text or "",
                float(word.get("xMin")),
                float(word.get("yMin")),
                float(word.get("xMax")),
                float(word.get("yMax")),
            )
            for word in page.iter("{*}word")
        )
        pages.append(Page(number, float(page.get("width")), float(page.get("height")), found))
    return pages


def overfull(pdf: Path, margins: Mapping[str, Mapping[str, float]]) -> list[str]:
    """Every word that lies outside its page's text area or past its edge, one located
    line each (``x.pdf: page 12: "Largely" ends 3.1 mm past the right margin``).

    ``margins``: the margins in mm of ``portrait`` and ``landscape`` pages (``x`` left
    and right, ``top``, ``bottom``), as the template sets them. Running heads and page
    numbers sit in the top and bottom margins: only the sides and the edges are text
    area limits for every word."""
    problems = []
    for page in words(pdf):
        side = margins["landscape" if page.width > page.height else "portrait"]["x"] * MM
        for word in page.words:
            # Typst hangs punctuation and hyphens into the margin (its ``overhang``): by
            # at most a fraction of the mark's size, never a letter
            hang = HANG * (word.y_max - word.y_min)
            left = side - TOLERANCE - (hang if word.text[:1] in HANGING_START else 0)
            right = page.width - side + TOLERANCE + (hang if word.text[-1:] in HANGING else 0)
            where = f"{pdf.name}: page {page.number}: {word.text!r}"
            if word.x_max > right:
                past = (word.x_max - page.width + side) / MM
                problems.append(f"{where} ends {past:.1f} mm past the right margin")
            elif word.x_min < left:
                problems.append(
                    f"{where} starts {(side - word.x_min) / MM:.1f} mm into the left margin"
                )
            elif word.y_min < -TOLERANCE or word.y_max > page.height + TOLERANCE:
                problems.append(f"{where} runs past the page's edge")
    return problems
