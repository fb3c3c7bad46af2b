"""What poppler and qpdf say about a PDF: fonts, document information, language, outline."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path


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
