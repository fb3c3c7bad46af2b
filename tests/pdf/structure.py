"""What a screen reader finds in a PDF: its structure tree read with pikepdf (tags,
``/Lang`` per element, alt text of figures, header cells of tables) and the PDF/UA
identification of its XMP metadata. Test helpers, no assertions."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf


@dataclass
class Structure:
    tagged: bool = False
    lang: str | None = None
    ua_part: str | None = None
    kinds: Counter[str] = field(default_factory=Counter)
    langs: Counter[str] = field(default_factory=Counter)  # /Lang of elements below the root
    #: /Lang of marked content in the pages (Typst tags a span inside a line there)
    marked_langs: Counter[str] = field(default_factory=Counter)
    figures_without_alt: int = 0
    tables: int = 0
    tables_with_header_rows: int = 0
    header_cells: int = 0
    header_rows_without_th: int = 0


def _children(element: pikepdf.Object) -> Iterator[pikepdf.Object]:
    kids = element.get("/K")
    if kids is None:
        return
    if not isinstance(kids, pikepdf.Array):
        kids = [kids]
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid


def _kind(element: pikepdf.Object, role_map: pikepdf.Object | None) -> str:
    kind = str(element.get("/S"))
    if role_map is not None and kind in role_map:
        kind = str(role_map[kind])
    return kind.lstrip("/")


MARKED_LANG = re.compile(rb"/Lang\s*\(([^)]*)\)")


def read(pdf: Path) -> Structure:
    result = Structure()
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            contents = page.obj.get("/Contents")
            streams = contents if isinstance(contents, pikepdf.Array) else [contents]
            for stream in streams:
                if isinstance(stream, pikepdf.Stream):
                    for lang in MARKED_LANG.findall(stream.read_bytes()):
                        result.marked_langs[lang.decode("latin-1")] += 1
        root = document.Root
        result.tagged = bool(root.get("/MarkInfo", {}).get("/Marked", False))
        result.lang = str(root["/Lang"]) if "/Lang" in root else None
        with document.open_metadata() as xmp:
            result.ua_part = xmp.get("pdfuaid:part")
        tree = root.get("/StructTreeRoot")
        if tree is None:
            return result
        role_map = tree.get("/RoleMap")
        stack = list(_children(tree))
        while stack:
            element = stack.pop()
            kind = _kind(element, role_map)
            result.kinds[kind] += 1
            if "/Lang" in element:
                result.langs[str(element["/Lang"])] += 1
            if kind == "Figure" and not str(element.get("/Alt", "")).strip():
                result.figures_without_alt += 1
            if kind == "Table":
                result.tables += 1
                sections = [_kind(c, role_map) for c in _children(element)]
                if "THead" in sections:
                    result.tables_with_header_rows += 1
            if kind == "THead":
                for row in _children(element):
                    cells = [_kind(c, role_map) for c in _children(row)]
                    if cells and "TH" not in cells:
                        result.header_rows_without_th += 1
            if kind == "TH":
                result.header_cells += 1
            stack.extend(_children(element))
    return result
