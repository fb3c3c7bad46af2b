"""The Word reference document: the styles every exported ``.docx`` takes from pandoc.

``build_tools/data/reference.docx`` is committed, and a coordinator may open it in Word and
change the styles (fonts, spacing, colours): pandoc uses only its styles, page set-up and
numbering, never its text. This module made the first version from pandoc's own default
(``pandoc --print-default-data-file reference.docx``), changed with python-docx:

- A4 paper, 25 mm margins;
- Palatino Linotype for text and Arial for headings: on Windows and macOS these exist;
  elsewhere fontconfig maps them to TeX Gyre Pagella and Heros, the fonts of our PDFs;
- Heading 1 to 3 numbered 1, 1.1, 1.1.1 (a list definition tied to the heading styles);
- the project's own styles: ``Shadow Notice`` (draft and sample notices, translation
  notes), ``Shadow Page Break`` (a paragraph that starts a new page: after the
  submission's cover) and one ``Rating <code>`` character style per rating, in the
  rating's colours.

Regenerate it (overwriting a coordinator's changes) with
``python -m build_tools.word reference --force``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from build_tools.model.rating import Rating
from build_tools.word.pandoc import WordError, run_pandoc

REFERENCE_DOCX = Path(__file__).resolve().parent.parent / "data" / "reference.docx"

BODY_FONT = "Palatino Linotype"
HEADING_FONT = "Arial"
HEADING_COLOUR = "1F3A5F"  # dark blue: prints as near-black
PAGE_BREAK_STYLE = "Shadow Page Break"
NUMBERED_LEVELS = 3  # Heading 1-3 numbered; deeper headings are not
# pandoc replaces list definitions with ids >= 990 (its own) in the output: stay below
HEADING_ABSTRACT_NUM = 10
HEADING_NUM = 10

# style name -> (size in points, bold, colour or None)
HEADINGS = {
    "Title": (22, True, HEADING_COLOUR),
    "Subtitle": (14, False, HEADING_COLOUR),
    "Heading 1": (16, True, HEADING_COLOUR),
    "Heading 2": (13, True, HEADING_COLOUR),
    "Heading 3": (12, True, HEADING_COLOUR),
    "Heading 4": (11, True, None),
    "Heading 5": (11, False, None),
    "Heading 6": (11, False, None),
}
TEXT_SIZES = {"Normal": 11, "Footnote Text": 9, "Compact": 10, "Image Caption": 10}


def _docx() -> Any:
    try:
        import docx
    except ImportError as error:  # a maintenance task: only it needs python-docx
        raise WordError("python-docx is not installed: run 'make setup'") from error
    return docx


# The order of child elements that Word insists on (ECMA-376 part 1), for the ones we add.
ORDER = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
    "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct "
    "topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind "
    "contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss "
    "imprint noProof snapToGrid vanish webHidden color spacing w kern position sz szCs "
    "highlight u effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish "
    "oMath",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize "
    "tblW jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook",
}


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _add(parent: Any, tag: str, **attributes: str) -> Any:
    """A new child ``tag`` (``w:shd``) of ``parent``, at the place the schema wants it;
    ``w_val="x"`` stands for the attribute ``w:val``."""
    element = parent.makeelement(
        _qn(tag), {_qn(k.replace("_", ":", 1)): v for k, v in attributes.items()}
    )
    order = ORDER.get(parent.tag.rsplit("}", 1)[-1], "").split()
    name = tag.split(":", 1)[1]
    if name in order:
        later = {_qn(f"w:{n}") for n in order[order.index(name) + 1 :]}
        for index, child in enumerate(parent):
            if child.tag in later:
                parent.insert(index, element)
                return element
    parent.append(element)
    return element


def _fonts(rpr: Any, name: str) -> None:
    """Explicit fonts, and no theme fonts (which would win over them)."""
    fonts = rpr.find(_qn("w:rFonts"))
    if fonts is None:
        fonts = _add(rpr, "w:rFonts")
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(_qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(_qn(attribute), name)


def _size(rpr: Any, points: float) -> None:
    """The size of Latin and of complex-script text (Arabic, Hebrew...) alike."""
    half_points = str(round(points * 2))
    for tag in ("w:sz", "w:szCs"):
        element = rpr.find(_qn(tag))
        if element is None:
            element = _add(rpr, tag)
        element.set(_qn("w:val"), half_points)


def _colour(rpr: Any, colour: str) -> None:
    """A fixed colour; the theme colour attributes of pandoc's styles would win over it."""
    element = rpr.find(_qn("w:color"))
    if element is None:
        element = _add(rpr, "w:color")
    element.attrib.clear()
    element.set(_qn("w:val"), colour)


def _set_page(document: Any) -> None:
    from docx.shared import Mm

    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = section.bottom_margin = Mm(25)
        section.left_margin = section.right_margin = Mm(25)
        section.header_distance = section.footer_distance = Mm(12.5)


def _set_fonts(document: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    defaults = document.styles.element.find(_qn("w:docDefaults"))
    rpr = defaults.find(_qn("w:rPrDefault")).find(_qn("w:rPr"))
    _fonts(rpr, BODY_FONT)
    for name, size in TEXT_SIZES.items():
        _size(document.styles[name].element.get_or_add_rPr(), size)
    for name, (size, bold, colour) in HEADINGS.items():
        style = document.styles[name]
        rpr = style.element.get_or_add_rPr()
        _fonts(rpr, HEADING_FONT)
        _size(rpr, size)
        style.font.bold = bold
        style.font.italic = False
        _colour(rpr, colour or "000000")
    for style in document.styles:
        if style.type == WD_STYLE_TYPE.CHARACTER and style.name.endswith(" Char"):
            heading = style.name.removesuffix(" Char")
            if heading in HEADINGS:  # the linked character style follows its paragraph
                _fonts(style.element.get_or_add_rPr(), HEADING_FONT)


def _heading_numbering(document: Any) -> None:
    """1 / 1.1 / 1.1.1 on Heading 1-3: one list definition, referenced by the styles."""
    numbering = document.part.numbering_part.element
    abstract = numbering.makeelement(
        _qn("w:abstractNum"), {_qn("w:abstractNumId"): str(HEADING_ABSTRACT_NUM)}
    )
    _add(abstract, "w:multiLevelType", w_val="multilevel")
    for level in range(NUMBERED_LEVELS):
        lvl = _add(abstract, "w:lvl", w_ilvl=str(level))
        _add(lvl, "w:start", w_val="1")
        _add(lvl, "w:numFmt", w_val="decimal")
        _add(lvl, "w:pStyle", w_val=f"Heading{level + 1}")
        _add(lvl, "w:lvlText", w_val=".".join(f"%{i + 1}" for i in range(level + 1)))
        _add(lvl, "w:lvlJc", w_val="left")
        indent = str(567 + 284 * level)  # 1 cm, 1.5 cm, 2 cm: room for "1.10.10"
        _add(_add(lvl, "w:pPr"), "w:ind", w_left=indent, w_hanging=indent)
    # every abstractNum comes before the first num in numbering.xml
    first_num = numbering.find(_qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = _add(numbering, "w:num", w_numId=str(HEADING_NUM))
    _add(num, "w:abstractNumId", w_val=str(HEADING_ABSTRACT_NUM))
    for level in range(NUMBERED_LEVELS):
        ppr = document.styles[f"Heading {level + 1}"].element.get_or_add_pPr()
        numpr = _add(ppr, "w:numPr")
        _add(numpr, "w:ilvl", w_val=str(level))
        _add(numpr, "w:numId", w_val=str(HEADING_NUM))


def _shading(properties: Any, fill: str) -> None:
    _add(properties, "w:shd", w_val="clear", w_color="auto", w_fill=fill)


def _project_styles(document: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    notice = document.styles.add_style("Shadow Notice", WD_STYLE_TYPE.PARAGRAPH)
    notice.base_style = document.styles["Body Text"]
    notice.font.bold = True
    _size(notice.element.get_or_add_rPr(), 10)
    ppr = notice.element.get_or_add_pPr()
    borders = _add(ppr, "w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        _add(borders, f"w:{side}", w_val="single", w_sz="6", w_space="4", w_color="7F7F7F")
    _shading(ppr, "F2F2F2")
    notice.quick_style = True

    # an empty paragraph in this style starts a new page (after the submission's cover)
    page_break = document.styles.add_style(PAGE_BREAK_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    page_break.base_style = document.styles["Normal"]
    ppr = page_break.element.get_or_add_pPr()
    _add(ppr, "w:pageBreakBefore")
    _add(ppr, "w:spacing", w_before="0", w_after="0")
    _size(page_break.element.get_or_add_rPr(), 1)

    for rating in Rating:
        style = document.styles.add_style(f"Rating {rating.code}", WD_STYLE_TYPE.CHARACTER)
        rpr = style.element.get_or_add_rPr()
        _colour(rpr, rating.style.text_colour.lstrip("#").upper())
        _shading(rpr, rating.style.colour.lstrip("#").upper())
        if rating.style.colour.lower() in ("#ffffff", "#f2f2f2"):  # white on white: a border
            _add(rpr, "w:bdr", w_val="single", w_sz="4", w_space="0", w_color="666666")

    # tables: thin grid lines, so assessment tables read as tables on paper
    table = document.styles["Table"].element
    tblpr = table.find(_qn("w:tblPr"))
    if tblpr is None:
        tblpr = _add(table, "w:tblPr")
    borders = _add(tblpr, "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _add(borders, f"w:{side}", w_val="single", w_sz="4", w_space="0", w_color="A6A6A6")


def build_reference(target: Path) -> Path:
    """Write the reference document to ``target`` (pandoc's default, changed as above)."""
    docx = _docx()
    with tempfile.TemporaryDirectory() as tmp:
        default = Path(tmp) / "default.docx"
        run_pandoc(["-o", default, "--print-default-data-file", "reference.docx"])
        document = docx.Document(str(default))
        _set_page(document)
        _set_fonts(document)
        _heading_numbering(document)
        _project_styles(document)
        properties = document.core_properties
        properties.title = "Shadow reports: Word reference document"
        properties.author = "build_tools.word.reference"
        properties.comments = "Styles for the Word export; pandoc ignores this text."
        staging = target.with_name(f".{target.name}.staging")
        document.save(str(staging))
        staging.replace(target)
    return target
