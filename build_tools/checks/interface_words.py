"""Interface words left in English on a translated site or book: a label, a heading of the
interface, a button, an ``aria-label`` or ``title`` whose whole text is an English word of
the interface (our catalogue's ``msgid``, or one of Sphinx's own), on a page or in an EPUB's
navigation that claims another language.

Whole texts only, so that a sentence of the content using the word "Status" is not taken
for a label; and text inside an element marked ``lang="en"`` is English on purpose (a
passage not yet translated says so), so it is not counted. Nor is code (``code``,
``pre``, ``kbd``, ``samp``): literal text the translation must keep as it is, such as a
menu path of a tool (`File > Open`), is not a word of our interface.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path

from babel.messages.pofile import read_po
from lxml import etree
from lxml import html as lxml_html

#: Sphinx's own interface words, which our catalogue does not hold (counted only where
#: Sphinx's catalogue translates them: French "Index" and "Navigation" are French)
SPHINX_WORDS = frozenset(
    {
        "Table of Contents",
        "Contents",
        "Quick search",
        "Search",
        "Go",
        "Navigation",
        "Index",
        "Next",
        "Previous",
        "next",
        "previous",
        "Search Results",
        "Show Source",
        "This Page",
        "Related Topics",
        "unknown",
    }
)
DOC_SUFFIX = ("documentation", "documentación")
ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")


# literal text: kept as written in every language (the translation gate refuses a change)
LITERAL = ("code", "pre", "kbd", "samp")


def sphinx_words(language: str) -> frozenset[str]:
    """Sphinx's interface words whose translation into ``language`` differs from them."""
    import gettext

    import sphinx

    locale_dir = Path(sphinx.__file__).parent / "locale"
    translation = gettext.translation("sphinx", locale_dir, [language], fallback=True)
    return frozenset(w for w in SPHINX_WORDS if w == "unknown" or translation.gettext(w) != w)


def interface_words(po_file: Path, language: str | None = None) -> frozenset[str]:
    """The English words of our interface catalogue that this language translates (an
    entry whose translation is its source, such as "PDF", is the same in both), and
    Sphinx's that its catalogue translates."""
    with po_file.open("rb") as handle:
        catalog = read_po(handle)
    words = {
        str(message.id)
        for message in catalog
        if message.id and isinstance(message.id, str) and message.string != message.id
    }
    language = language or str(catalog.locale or "")
    return frozenset(words | sphinx_words(language))


def _texts(root: etree._Element, language: str) -> Iterable[tuple[str, str]]:
    """(where, text) for every text and labelling attribute in ``language``."""

    def walk(element: etree._Element, inherited: str) -> Iterable[tuple[str, str]]:
        if not isinstance(element.tag, str):
            return
        tag = etree.QName(element).localname
        if tag in ("script", "style", *LITERAL):
            return
        lang = (
            element.get("lang")
            or element.get("{http://www.w3.org/XML/1998/namespace}lang")
            or inherited
        )
        if lang == language:
            if element.text and element.text.strip():
                yield tag, element.text.strip()
            for name in ATTRIBUTES:
                value = element.get(name)
                if value and value.strip():
                    yield f"{tag}@{name}", value.strip()
        for child in element:
            yield from walk(child, lang)
            if lang == language and child.tail and child.tail.strip():
                yield tag, child.tail.strip()

    yield from walk(root, root.get("lang") or language)


def problems_in(root: etree._Element, language: str, words: frozenset[str], name: str) -> list[str]:
    found = []
    for where, text in _texts(root, language):
        if text in words:
            found.append(f"{name}: {where}: {text!r}")
    title = root.find(".//title")
    # Sphinx's default title suffix, "<project> documentation", in any of its languages
    if title is not None and any(w in (title.text or "").lower() for w in DOC_SUFFIX):
        found.append(f"{name}: title: {title.text!r}")
    return found


def site_problems(site: Path, language: str, words: frozenset[str]) -> list[str]:
    """Every HTML page of one language's site."""
    found = []
    for page in sorted(site.rglob("*.html")):
        if "_static" in page.parts or "downloads" in page.parts:
            continue
        root = lxml_html.fromstring(page.read_text(encoding="utf-8"))
        found += problems_in(root, language, words, page.relative_to(site).as_posix())
    return found


def epub_problems(epub: Path, language: str, words: frozenset[str]) -> list[str]:
    """The book's navigation (nav.xhtml, toc.ncx) and its metadata (content.opf)."""
    found = []
    with zipfile.ZipFile(epub) as book:
        for name in ("nav.xhtml", "toc.ncx", "content.opf"):
            if name not in book.namelist():
                continue
            root = etree.fromstring(book.read(name))
            for element in root.iter():
                if not isinstance(element.tag, str):
                    continue
                text = (element.text or "").strip()
                if text in words:
                    found.append(f"{epub.name}/{name}: {etree.QName(element).localname}: {text!r}")
            if name == "nav.xhtml" and root.get("lang") not in (language, None):
                found.append(f"{epub.name}/{name}: lang {root.get('lang')!r}")
    return found
