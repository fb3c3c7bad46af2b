"""One printed volume (a report, or the whole collection) out of the ``singlehtml`` page, as
HTML that pandoc's typst writer turns into the body of the volume.

The page is the one the Word export reads (:mod:`build_tools.word.clean` does the shared
cleaning: site chrome, footnotes as pandoc notes, field lists, images with alt text, links
kept only inside the volume). What print adds here:

- what the volume prints (``data/typst/print.yaml``): the collection leaves out the
  handbook and the translation status page; the charts' data tables and the report card
  (which the cover and the imprint carry) stay out of every volume;
- ids unique across the volume: the single page repeats a page's ids (``assessment-8`` in
  every report), and a typst label must name one element;
- headings levelled from the nesting of sections: in a report volume its pages are
  chapters (its title is on the cover); in the collection each report is one;
- marks that ``data/typst/filter.lua`` turns into the template's elements: notices,
  charts, the matrix on landscape pages, links to chapters with their page number, and
  passages left in the source language with their ``lang``.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement

from build_tools.word import clean

DATA = Path(__file__).resolve().parent.parent / "data" / "typst"
PRINT_CHOICES = DATA / "print.yaml"
#: the class a build marks an untranslated passage with (:mod:`.sphinx_typst`)
SOURCE_LANGUAGE_CLASS = "shadow-source-language"


@dataclass(frozen=True)
class PrintChoices:
    """What a volume prints (``data/typst/print.yaml``)."""

    leave_out: tuple[str, ...] = ()
    drop: frozenset[str] = frozenset()
    contents_depth: int = 2

    def leaves_out(self, docname: str) -> bool:
        return any(fnmatch.fnmatchcase(docname, pattern) for pattern in self.leave_out)


def print_choices(kind: str, path: Path = PRINT_CHOICES) -> PrintChoices:
    """The choices of ``kind`` ("collection" or "reports")."""
    data = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get(kind) or {}
    return PrintChoices(
        leave_out=tuple(str(p) for p in data.get("leave_out") or ()),
        drop=frozenset(str(d) for d in data.get("drop") or ()),
        contents_depth=int(data.get("contents_depth", 2)),
    )


def page_margins(path: Path = PRINT_CHOICES) -> dict[str, dict[str, float]]:
    """The margins (mm) of portrait and landscape pages (``page`` in ``print.yaml``)."""
    data = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("page") or {}
    return {
        orientation: {side: float(data[orientation][side]) for side in ("x", "top", "bottom")}
        for orientation in ("portrait", "landscape")
    }


# any element: the chart's data is a <details> in HTML, a <div> in the EPUB
DROPPED = {"chart_data": ".shadow-chart-data", "report_card": "div.shadow-report-card"}


@dataclass
class VolumeHtml:
    html: str
    title: str
    images: list[Path] = field(default_factory=list)
    footnotes: int = 0
    left_out: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _marker_docname(marker: HtmlElement) -> str:
    return (marker.get("id") or "")[len(clean.DOCUMENT_MARKER) :]


def _collection_section(page: HtmlElement) -> HtmlElement:
    markers = page.xpath("//span[starts-with(@id, $p)]", p=clean.DOCUMENT_MARKER)
    if not markers:
        raise clean.WordError("the single-page build has no pages")
    sections = markers[0].xpath("ancestor::section")
    if not sections:
        raise clean.WordError("the single-page build has no root section")
    return sections[0]


def _leave_out(section: HtmlElement, choices: PrintChoices) -> list[str]:
    left = []
    for marker in section.xpath(".//span[starts-with(@id, $p)]", p=clean.DOCUMENT_MARKER):
        docname = _marker_docname(marker)
        if not choices.leaves_out(docname) or marker.getparent() is None:
            continue
        following = marker.getnext()
        if following is not None and following.tag == "section":
            following.drop_tree()
        marker.drop_tree()
        left.append(docname)
    # singlehtml inlines a toctree's pages inside it: keep them, without the toctree
    for wrapper in section.xpath(".//div[contains(@class, 'toctree-wrapper')]"):
        for caption in wrapper.xpath("./p[contains(@class, 'caption')]"):
            caption.drop_tree()
        wrapper.drop_tag()
    return left


def _unique_ids(section: HtmlElement) -> None:
    """``id`` -> ``<page>--id`` for every element of a page, and every link rewritten to
    match: ``#document-<page>`` (a page) points to the page's section, ``#<page>#id`` and
    ``#id`` to the element of that page (else to the one element that has the id)."""
    owner: dict[str, list[str]] = {}
    current = ""
    page_ids: dict[str, str] = {}
    for element in section.iter():
        if not isinstance(element.tag, str):
            continue
        identifier = element.get("id")
        if identifier and identifier.startswith(clean.DOCUMENT_MARKER):
            current = identifier[len(clean.DOCUMENT_MARKER) :]
            following = element.getnext()
            if following is not None and following.tag == "section":
                new = f"{_safe(current)}--page"
                following.set("id", new)
                page_ids[current] = new
            continue
        if identifier and element.get("id") != page_ids.get(current):
            new = f"{_safe(current)}--{identifier}"
            element.set("id", new)
            owner.setdefault(identifier, []).append(new)
        if element.tag == "a":
            element.set("data-page", current)
    for link in section.xpath(".//a[@href]"):
        href = link.get("href") or ""
        page = link.attrib.pop("data-page", "")
        if not href.startswith("#"):
            continue
        parts = href[1:].split("#")
        if parts[0].startswith(clean.DOCUMENT_MARKER):
            target_page = parts[0][len(clean.DOCUMENT_MARKER) :]
            if len(parts) == 1:
                if target_page in page_ids:
                    link.set("href", "#" + page_ids[target_page])
                    _mark_pageref(link)
                continue
            page, anchor = target_page, parts[1]
        else:
            anchor = parts[-1]
        wanted = f"{_safe(page)}--{anchor}"
        candidates = owner.get(anchor, [])
        if wanted in candidates:
            link.set("href", "#" + wanted)
        elif len(candidates) == 1:
            link.set("href", "#" + candidates[0])
    for link in section.xpath(".//a[@data-page]"):
        del link.attrib["data-page"]


def _safe(docname: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in docname)


def _mark_pageref(link: HtmlElement) -> None:
    wrapper = lxml_html.Element("span")
    wrapper.set("class", "shadow-pageref")
    link.addprevious(wrapper)
    wrapper.append(link)  # moves the link, with its tail
    wrapper.tail, link.tail = link.tail, None


def _relevel(section: HtmlElement, drop_title: bool) -> str:
    """Headings from the nesting of sections; the section's own title is returned, and
    removed when ``drop_title`` (a volume's title is on its cover)."""
    title = ""
    base = len(section.xpath("ancestor::section"))
    shift = 1 if drop_title else 0
    for heading in section.xpath(".//h1|.//h2|.//h3|.//h4|.//h5|.//h6"):
        depth = len(heading.xpath("ancestor::section")) - base
        if depth <= 1 and heading.getparent() is section and not title:
            title = clean._text(heading)
            if drop_title:
                heading.drop_tree()
                continue
        heading.tag = f"h{min(max(depth - shift, 1), 6)}"
    return title


def _wrap(element: HtmlElement, cls: str) -> None:
    wrapper = lxml_html.Element("div")
    wrapper.set("class", cls)
    element.addprevious(wrapper)
    wrapper.append(element)
    wrapper.tail, element.tail = element.tail, None


def _matrix_pages(table: HtmlElement) -> None:
    """A matrix table on its landscape pages together with what reads it: the Part's title
    just before it, and the key to the report codes and the legend just after it. Left in
    the portrait flow, they were stranded on a near-empty page of their own."""
    members = [table]
    before = table.getprevious()
    if before is not None and "rubric" in clean._classes(before):
        members.insert(0, before)
    after = table.getnext()
    while after is not None and "shadow-legend" in clean._classes(after):
        members.append(after)
        after = after.getnext()
    wrapper = lxml_html.Element("div")
    wrapper.set("class", "shadow-matrix-pages")
    members[0].addprevious(wrapper)
    wrapper.tail, members[-1].tail = members[-1].tail, None
    wrapper.extend(members)


def _rubrics(body: HtmlElement) -> None:
    """Sphinx's rubrics (a Part's title over its matrix, an addressee over its
    recommendations, a Part over its articles) as divisions the filter makes informal
    headings of: pandoc's reader drops a paragraph's class, and in print they read as
    stray lines of body text, not as the headings they are."""
    for rubric in body.xpath(
        ".//p[contains(concat(' ', normalize-space(@class), ' '), ' rubric ')]"
    ):
        rubric.tag = "div"
        paragraph = lxml_html.Element("p")
        paragraph.text, rubric.text = rubric.text, None
        paragraph.extend(list(rubric))
        rubric.append(paragraph)


def _conjunction(language: str) -> str:
    """ " y ", " et ", " and ": how the language joins two names (CLDR, through Babel)."""
    from babel.lists import format_list

    try:
        joined = format_list(["A", "B"], locale=language)
    except (ValueError, LookupError):
        return " and "
    return joined[1:-1] if joined.startswith("A") and joined.endswith("B") else " and "


def _bibliography_in(body: HtmlElement, language: str) -> None:
    """The bibliography's names joined in the volume's language: pybtex's styles write
    "MacDonald and Cholewinski" in every language. Only the names (the entry's text up
    to its first full stop) change."""
    conjunction = _conjunction(language)
    if conjunction == " and ":
        return
    for entry in body.xpath(".//div[contains(@class, 'citation')]/p"):
        # the names are the first text of the entry (after its link target, if any)
        holder, attribute = entry, "text"
        if not (entry.text or "").strip() and len(entry) and entry[0].tag == "span":
            holder, attribute = entry[0], "tail"
        text = getattr(holder, attribute) or ""
        names, dot, rest = text.partition(". ")
        if not dot:
            continue
        names = names.replace(", and ", conjunction).replace(" and ", conjunction)
        setattr(holder, attribute, names + dot + rest)


def _marks(body: HtmlElement, source_language: str) -> None:
    for figure in body.xpath(".//figure[contains(@class, 'shadow-chart')]"):
        _wrap(figure, "shadow-chart")
    for table in body.xpath(".//table[contains(@class, 'shadow-matrix')]"):
        _matrix_pages(table)
    for admonition in body.xpath(".//div[contains(@class, 'admonition')]"):
        if "shadow-translation-note" in clean._classes(admonition):
            admonition.set("class", "shadow-notice")
    for passage in body.xpath(".//*[contains(@class, $c)]", c=SOURCE_LANGUAGE_CLASS):
        passage.set("lang", source_language)
    _lang_on_spans(body)
    # the alt text of a chart is its data in words: keep it, and no link around it
    for figure in body.xpath(".//figure"):
        figure.attrib.pop("id", None)


#: what pandoc's reader keeps a ``lang`` on: elsewhere (``<em lang>``, ``<p lang>``) it is lost
LANG_HOLDERS = {"span", "div", "html", "body"}
#: an element holding one of these is no run of text a span could wrap
BLOCKS = "|".join(f".//{t}" for t in ("p", "div", "table", "ul", "ol", "dl", "section", "h1"))


def _lang_on_spans(body: HtmlElement) -> None:
    """A run of text in another language (a title in its own language, a passage left in
    the source language) keeps its ``lang`` through pandoc: on a span around its words,
    unless one already holds them (the source-language mark)."""
    for element in body.xpath(".//*[@lang]"):
        if element.tag in LANG_HOLDERS or element.xpath(BLOCKS):
            continue
        lang = element.attrib.pop("lang")
        children = list(element)
        if (
            len(children) == 1
            and children[0].tag == "span"
            and children[0].get("lang") == lang
            and not (element.text or "").strip()
            and not (children[0].tail or "").strip()
        ):
            continue
        span = lxml_html.Element("span")
        span.set("lang", lang)
        span.text, element.text = element.text, None
        for child in children:
            span.append(child)  # moves the child, with its tail
        element.append(span)


def _document(language: str) -> HtmlElement:
    return lxml_html.document_fromstring(
        f'<html lang="{language}"><head><meta charset="utf-8"><title></title>'
        "</head><body></body></html>"
    )


def _prefix_labels(body: HtmlElement, prefix: str) -> None:
    """``shadow_ref_3`` -> ``<prefix>-ref-3``: the labels of every part of the collection
    are unique when the parts are typeset together."""
    if not prefix:
        return
    old = "shadow_ref_"
    for element in body.xpath(".//*[starts-with(@id, $p)]", p=old):
        element.set("id", f"{prefix}-ref-{element.get('id')[len(old) :]}")
    for link in body.xpath(".//a[starts-with(@href, $p)]", p="#" + old):
        link.set("href", f"#{prefix}-ref-{link.get('href')[len(old) + 1 :]}")


def _clean(
    section: HtmlElement,
    language: str,
    image_root: Path,
    *,
    keep_title: bool,
    status_notice: str = "",
    source_language: str = "en",
    label_prefix: str = "",
) -> VolumeHtml:
    """A section of the page (already cut out, its ids unique) as a document for pandoc."""
    document = _document(language)
    body = document.body
    result = VolumeHtml(html="", title="")
    if status_notice:
        notice = etree.SubElement(body, "div")
        notice.set("class", "shadow-notice")
        paragraph = etree.SubElement(notice, "p")
        paragraph.text = status_notice
    body.append(section)
    removed = clean.CleanReport(html="", title="")
    for selector in clean.CHROME:
        clean._drop(clean._select(body, selector), removed.removed, selector)
    for marker in body.xpath(".//span[starts-with(@id, $p)]", p=clean.DOCUMENT_MARKER):
        marker.drop_tree()
    result.title = _relevel(section, drop_title=not keep_title)
    _marks(body, source_language)
    _rubrics(body)
    _bibliography_in(body, language)
    clean._footnotes(body, removed)
    clean._field_lists(body)
    clean._details(body)
    clean._admonitions(body)
    clean._images(body, image_root, removed)
    clean._links(body, removed)
    _prefix_labels(body, label_prefix)
    result.images = removed.images
    result.footnotes = removed.footnotes
    result.warnings = removed.warnings
    document.find("head/title").text = result.title
    result.html = lxml_html.tostring(document, encoding="unicode", method="html", doctype="")
    return result


def _prepare(section: HtmlElement, choices: PrintChoices) -> list[str]:
    left_out = _leave_out(section, choices)
    for kind in choices.drop:
        selector = DROPPED.get(kind)
        if selector:
            for element in clean._select(section, selector):
                element.drop_tree()
    _unique_ids(section)
    return left_out


def volume_html(
    page_html: str | HtmlElement,
    image_root: Path,
    choices: PrintChoices,
    *,
    docname: str | None,
    status_notice: str = "",
    source_language: str = "en",
    label_prefix: str = "",
) -> VolumeHtml:
    """The HTML of one volume: the report whose index page is ``docname``, or (``None``)
    the whole collection. A page already parsed (the reports of one job share one
    parse) loses the report's section to the volume."""
    page = lxml_html.document_fromstring(page_html) if isinstance(page_html, str) else page_html
    language = clean.report_language(page)
    section = clean.find_report(page, docname) if docname else _collection_section(page)
    left_out = _prepare(section, choices)
    result = _clean(
        section,
        language,
        image_root,
        keep_title=False,
        status_notice=status_notice,
        source_language=source_language,
        label_prefix=label_prefix,
    )
    result.left_out = left_out
    return result


@dataclass
class Part:
    """A part of the collection volume: a report (typeset from its own volume's body,
    its headings one level down), or a page of the collection's own (its HTML here)."""

    name: str
    docname: str
    title: str
    report: bool
    html: VolumeHtml | None = None


def collection_parts(
    page_html: str,
    image_root: Path,
    choices: PrintChoices,
    reports: dict[str, str],
    source_language: str = "en",
) -> tuple[list[Part], list[str]]:
    """The collection in its order: its front matter, then each top-level page, which
    is a report (``reports``: index docname -> report name) or a page of its own."""
    page = lxml_html.document_fromstring(page_html)
    language = clean.report_language(page)
    root = _collection_section(page)
    left_out = _prepare(root, choices)
    base = len(root.xpath("ancestor::section"))
    parts: list[Part] = []
    top = [  # the pages directly under the root, found before any is taken out
        marker
        for marker in root.xpath(".//span[starts-with(@id, $p)]", p=clean.DOCUMENT_MARKER)
        if len(marker.xpath("ancestor::section")) == base + 1
    ]
    for marker in top:
        docname = _marker_docname(marker)
        section = marker.getnext()
        marker.drop_tree()
        if section is None or section.tag != "section":
            continue
        section.getparent().remove(section)
        heading = section.xpath("./h1|./h2|./h3|./h4|./h5|./h6")
        title = clean._text(heading[0]) if heading else docname
        if docname in reports:
            parts.append(Part(reports[docname], docname, title, report=True))
            continue
        html = _clean(
            section,
            language,
            image_root,
            keep_title=True,
            source_language=source_language,
            label_prefix=_safe(docname),
        )
        parts.append(Part(f"collection-{_safe(docname)}", docname, title, False, html))
    # what the root page says before and between its pages: the collection's opening
    front = _clean(
        root,
        language,
        image_root,
        keep_title=False,
        source_language=source_language,
        label_prefix="front",
    )
    parts.insert(0, Part("collection-front", "", front.title, False, front))
    return parts, left_out
