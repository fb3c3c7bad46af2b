"""One report out of the ``singlehtml`` page, as HTML that pandoc turns into good Word.

What a website needs and a Word file must not have is removed (permalink marks, the
language switcher, navigation, search); what pandoc would misread is rewritten into the
markup it reads well:

- docutils footnotes become pandoc's note markup (``doc-noteref`` / ``doc-endnotes``), so
  that they are real Word footnotes, not a list at the end;
- headings are re-levelled from the nesting of ``<section>`` elements (the HTML writer
  stops at ``h6``; the report's pages become Heading 1);
- links to other pages or to anchors outside the report become plain text (no dead
  ``.html`` link in Word); links inside the report point to short Word-safe bookmarks;
- field lists (the report card) become two-column tables, ``<details>`` a plain block;
- ratings and notices get the custom styles of the reference document (colour in Word,
  with the words kept: never colour alone).

An HTML parser (lxml) does the work, never regular expressions over HTML.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement

from build_tools.word.manifest import ReportInfo
from build_tools.word.pandoc import WordError

#: site chrome: dropped with its content
CHROME = (
    "a.headerlink",
    "nav",
    "script",
    "style",
    "form",
    "link",
    "[role='navigation']",
    ".sphinxsidebar",
    ".related",
    ".searchbox",
    ".shadow-languages",
    ".shadow-navigation",
    ".shadow-status-banner",
    ".shadow-translation-banner",
)
EXTERNAL_SCHEMES = ("http", "https", "mailto", "ftp")
NOTICE_STYLE = "Shadow Notice"
RATING_STYLE = "Rating {code}"  # one character style per rating in reference.docx
DOCUMENT_MARKER = "document-"


@dataclass
class CleanReport:
    """The cleaned page and what was done to it (for the export's summary and tests)."""

    html: str
    title: str
    footnotes: int = 0
    images: list[Path] = field(default_factory=list)
    images_without_alt: int = 0
    links_kept: int = 0
    links_to_text: int = 0
    removed: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)


def _select(root: HtmlElement, selector: str) -> list[HtmlElement]:
    """The few CSS selector forms used here (``tag.class``, ``.class``, ``[role='x']``),
    as XPath: an exact class match, not a substring."""
    if selector.startswith("[role="):
        role = selector.split("'")[1]
        return list(root.xpath(".//*[@role=$role]", role=role))
    tag, _, cls = selector.partition(".")
    elements = root.xpath(f".//{tag or '*'}")
    return [e for e in elements if not cls or cls in (e.get("class") or "").split()]


def _classes(element: HtmlElement) -> list[str]:
    return (element.get("class") or "").split()


def _text(element: HtmlElement) -> str:
    return " ".join(element.text_content().split())


def _drop(elements: Iterable[HtmlElement], counter: Counter[str], what: str) -> None:
    for element in list(elements):
        if element.getparent() is not None:
            element.drop_tree()  # keeps the text that follows the element
            counter[what] += 1


def find_report(page: HtmlElement, docname: str) -> HtmlElement:
    """The ``<section>`` of a report's index page in the single page."""
    markers = page.xpath("//span[@id=$id]", id=DOCUMENT_MARKER + docname)
    section = markers[0].getnext() if markers else None
    if section is None or section.tag != "section":
        raise WordError(
            f"'{docname}' is not in the single-page build: is the report in the "
            "collection's toctree (reports/index.md)?"
        )
    return section


def select_chapters(section: HtmlElement, report: ReportInfo, chapters: Iterable[str]) -> None:
    """Keep only the pages named in ``chapters`` (``analysis``, or ``spain/analysis``)."""
    wanted = set(chapters)
    for page in report.pages:
        if page.name in wanted or page.docname in wanted:
            continue
        for marker in section.xpath(".//span[@id=$id]", id=DOCUMENT_MARKER + page.docname):
            following = marker.getnext()
            if following is not None and following.tag == "section":
                following.drop_tree()
            marker.drop_tree()


def _relevel_headings(section: HtmlElement) -> str:
    """Remove the report's title (returned: it becomes the document title) and give every
    other heading the level of its nesting below the report."""
    title = ""
    for heading in section.xpath(".//h1|.//h2|.//h3|.//h4|.//h5|.//h6"):
        depth = len(heading.xpath("ancestor::section")) - len(section.xpath("ancestor::section"))
        if depth <= 1 and heading.getparent() is section and not title:
            title = _text(heading)
            heading.drop_tree()
            continue
        heading.tag = f"h{min(max(depth - 1, 1), 6)}"
    return title


def _footnotes(body: HtmlElement, result: CleanReport) -> None:
    """docutils' footnotes -> pandoc's note markup: a reference ``a.footnote-ref`` to an
    item of ``section.footnotes``; pandoc reads that pair as one Word footnote."""
    notes = {
        note.get("id"): note
        for note in body.xpath(".//aside[@role='doc-footnote']")
        if note.get("id")
    }
    numbers: dict[str, int] = {}
    items: list[HtmlElement] = []
    for reference in body.xpath(".//a[@role='doc-noteref']"):
        target = (reference.get("href") or "").rsplit("#", 1)[-1]
        note = notes.get(target)
        if note is None:
            result.warnings.append(f"footnote reference to a missing note '{target}': dropped")
            reference.drop_tree()
            continue
        if target not in numbers:
            numbers[target] = len(numbers) + 1
            item = lxml_html.Element("li", id=f"fn{numbers[target]}")
            for label in note.xpath("./span[contains(@class, 'label')]"):
                label.drop_tree()
            for label in note.xpath("./span[contains(@class, 'backrefs')]"):
                label.drop_tree()
            if note.text and note.text.strip():
                paragraph = lxml_html.Element("p")
                paragraph.text = note.text
                item.append(paragraph)
            for child in list(note):
                item.append(child)
            items.append(item)
        else:  # a second reference to one note: pandoc repeats the note's text
            result.warnings.append(f"footnote '{target}' is referenced twice: repeated in Word")
        number = numbers[target]
        new = lxml_html.Element(
            "a",
            href=f"#fn{number}",
            id=f"fnref{number}",
            role="doc-noteref",
        )
        new.set("class", "footnote-ref")
        sup = etree.SubElement(new, "sup")
        sup.text = str(number)
        new.tail = reference.tail
        reference.getparent().replace(reference, new)
    unreferenced = [key for key in notes if key not in numbers]
    for key in unreferenced:
        result.warnings.append(f"footnote '{key}' is never referenced: not in the Word file")
    for container in body.xpath(".//aside[contains(@class, 'footnote')]"):
        if container.getparent() is not None:
            container.drop_tree()
    for rule in _select(body, "hr.footnotes"):  # the line docutils draws above its notes
        rule.drop_tree()
    if items:
        endnotes = lxml_html.Element("section", role="doc-endnotes")
        endnotes.set("class", "footnotes")
        ordered = etree.SubElement(endnotes, "ol")
        for item in items:
            ordered.append(item)
        body.append(endnotes)
    result.footnotes = len(items)


def _field_lists(body: HtmlElement) -> None:
    """``<dl class="field-list">`` (the report card) -> a two-column table."""
    for field_list in _select(body, "dl.field-list"):
        table = lxml_html.Element("table")
        table.set("class", "shadow-fields")
        columns = etree.SubElement(table, "colgroup")
        for width in ("30%", "70%"):  # else pandoc leaves the widths to Word
            etree.SubElement(columns, "col", style=f"width: {width}")
        tbody = etree.SubElement(table, "tbody")
        row: HtmlElement | None = None
        for child in list(field_list):
            for colon in child.xpath(".//span[contains(@class, 'colon')]"):
                colon.drop_tree()
            if child.tag == "dt":
                row = etree.SubElement(tbody, "tr")
                cell = etree.SubElement(row, "td")
                paragraph = etree.SubElement(cell, "p")
                strong = etree.SubElement(paragraph, "strong")
                strong.text = _text(child)
            elif child.tag == "dd" and row is not None:
                cell = etree.SubElement(row, "td")
                cell.text = child.text
                for grandchild in list(child):
                    cell.append(grandchild)
        table.tail = field_list.tail
        field_list.getparent().replace(field_list, table)


def _details(body: HtmlElement) -> None:
    for details in body.xpath(".//details"):
        details.tag = "div"
        for summary in details.xpath("./summary"):
            summary.tag = "p"
            strong = lxml_html.Element("strong")
            strong.text = summary.text
            for child in list(summary):
                strong.append(child)
            summary.text = None
            summary.append(strong)


def _admonitions(body: HtmlElement) -> None:
    """Admonition titles in bold; notices (translation notes) in the notice style."""
    for admonition in _select(body, "div.admonition"):
        for title in admonition.xpath("./p[contains(@class, 'admonition-title')]"):
            strong = lxml_html.Element("strong")
            strong.text = title.text
            for child in list(title):
                strong.append(child)
            title.text = None
            title.append(strong)
        if "shadow-translation-note" in _classes(admonition):
            admonition.set("data-custom-style", NOTICE_STYLE)


def _ratings(body: HtmlElement) -> None:
    for rating in _select(body, "span.shadow-rating"):
        codes = [c[len("shadow-rating-") :] for c in _classes(rating) if c != "shadow-rating"]
        if codes:
            rating.set("data-custom-style", RATING_STYLE.format(code=codes[0]))


def _images(body: HtmlElement, image_root: Path, result: CleanReport) -> None:
    """Images stay relative to the build folder (pandoc gets it as ``--resource-path``):
    pandoc adds the PNG copy of an SVG that older Word and LibreOffice need only for a
    relative path. Every image keeps an alt text; a figure's caption stands in for a
    missing one."""
    for wrapper in body.xpath(".//a[contains(@class, 'image-reference')]"):
        wrapper.drop_tag()  # an image linked to itself: just the image
    root = image_root.resolve()
    for image in body.xpath(".//img"):
        source = unquote(image.get("src") or "")
        path = (root / source).resolve()
        if urlsplit(source).scheme or not path.is_relative_to(root) or not path.is_file():
            result.warnings.append(f"image {source} is not a file of the build: dropped")
            image.drop_tree()
            continue
        image.set("src", path.relative_to(root).as_posix())
        if not (image.get("alt") or "").strip():
            figure = next(iter(image.xpath("ancestor::figure")), None)
            caption = figure.xpath(".//figcaption") if figure is not None else []
            if caption:
                image.set("alt", _text(caption[0]))
            else:
                result.images_without_alt += 1
        result.images.append(path)


def _following_block(element: HtmlElement, body: HtmlElement) -> HtmlElement | None:
    node: HtmlElement | None = element
    while node is not None and node is not body:
        sibling = node.getnext()
        if sibling is not None:
            return sibling
        node = node.getparent()
    return None


def _starts_with_table(element: HtmlElement | None) -> bool:
    while element is not None:
        if element.tag == "table":
            return True
        if (
            element.tag not in ("div", "section")
            or (element.text or "").strip()
            or not len(element)
        ):
            return False
        element = element[0]
    return False


def _separate_tables(body: HtmlElement) -> None:
    """Word joins two tables with nothing between them into one: put an empty paragraph
    between a table and a table that follows it."""
    for table in body.xpath(".//table[not(ancestor::table)]"):
        if _starts_with_table(_following_block(table, body)):
            spacer = lxml_html.Element("p")
            spacer.text = "\u00a0"  # pandoc drops an empty paragraph
            spacer.tail = table.tail
            table.tail = None
            table.addnext(spacer)


def _links(body: HtmlElement, result: CleanReport) -> None:
    """External links stay; links to anchors inside the report point to short bookmark
    names (Word wants letters, digits and '_', at most 40 characters); everything else,
    and every other id, goes."""
    ids = {e.get("id") for e in body.xpath(".//*[@id]")}
    bookmarks: dict[str, str] = {}
    for link in body.xpath(".//a[@href]"):
        if link.get("role") == "doc-noteref":
            continue
        href = link.get("href") or ""
        if urlsplit(href).scheme in EXTERNAL_SCHEMES:
            for attribute in ("class", "title", "id"):
                link.attrib.pop(attribute, None)
            result.links_kept += 1
            continue
        target = href.rsplit("#", 1)[-1] if "#" in href else ""
        if href.startswith("#") and target in ids:
            bookmark = bookmarks.setdefault(target, f"shadow_ref_{len(bookmarks) + 1}")
            link.attrib.clear()
            link.set("href", f"#{bookmark}")
            result.links_kept += 1
            continue
        link.drop_tag()  # a link to another page, or to an anchor outside this report
        result.links_to_text += 1
    footnote_ids = {"fn", "fnref"}
    for element in body.xpath(".//*[@id]"):
        identifier = element.get("id") or ""
        if identifier.rstrip("0123456789") in footnote_ids and identifier not in bookmarks:
            continue
        del element.attrib["id"]
        if identifier in bookmarks:
            _bookmark(element, bookmarks[identifier])


TEXT_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "li", "dt", "dd")


def _bookmark(element: HtmlElement, name: str) -> None:
    """A link target as an empty span at the start of the first paragraph or heading of
    ``element``: pandoc then writes the Word bookmark inside that paragraph, where Word
    keeps it and where pandoc finds it again when the file is imported."""
    block = element if element.tag in TEXT_BLOCKS else None
    if block is None:
        found = element.xpath(".//p|.//h1|.//h2|.//h3|.//h4|.//h5|.//h6")
        block = found[0] if found else None
    if block is None:
        element.set("id", name)
        return
    marker = lxml_html.Element("span", id=name)
    marker.tail, block.text = block.text, None
    block.insert(0, marker)


def clean_report(
    page_html: str,
    report: ReportInfo,
    image_root: Path,
    chapters: Iterable[str] | None = None,
    cover_html: str = "",
) -> CleanReport:
    """The HTML of one report, ready for pandoc, from the ``singlehtml`` page."""
    page = lxml_html.document_fromstring(page_html)
    section = find_report(page, report.docname)
    if chapters is not None:
        select_chapters(section, report, chapters)

    document = lxml_html.document_fromstring(
        f'<html lang="{report_language(page)}"><head><meta charset="utf-8"><title></title>'
        "</head><body></body></html>"
    )
    body = document.body
    result = CleanReport(html="", title="")
    if cover_html:
        for block in lxml_html.fragments_fromstring(cover_html):
            if isinstance(block, HtmlElement):
                body.append(block)
    if report.status_notice:
        notice = etree.SubElement(body, "div")
        notice.set("data-custom-style", NOTICE_STYLE)
        paragraph = etree.SubElement(notice, "p")
        paragraph.text = report.status_notice
    body.append(section)  # moved out of the page, which is not used again

    for selector in CHROME:
        _drop(_select(body, selector), result.removed, selector)
    for wrapper in _select(body, "div.toctree-wrapper"):
        wrapper.drop_tag()
    for marker in body.xpath(".//span[starts-with(@id, $prefix)]", prefix=DOCUMENT_MARKER):
        marker.drop_tree()

    result.title = _relevel_headings(section) or report.title
    _footnotes(body, result)
    _field_lists(body)
    _details(body)
    _admonitions(body)
    _ratings(body)
    _images(body, image_root, result)
    _separate_tables(body)
    _links(body, result)
    document.find("head/title").text = result.title
    result.html = lxml_html.tostring(document, encoding="unicode", method="html", doctype="")
    return result


def report_language(page: HtmlElement) -> str:
    return page.get("lang") or "en"
