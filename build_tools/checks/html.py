"""Links of a built site that must resolve to files: the language switcher's."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path


class _SwitcherLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inside = 0
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "nav" and "shadow-languages" in (attributes.get("class") or ""):
            self.inside += 1
        elif tag == "a" and self.inside and attributes.get("href"):
            self.links.append(attributes["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self.inside:
            self.inside -= 1


def switcher_links(page: Path) -> list[str]:
    parser = _SwitcherLinks()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.links


def broken_switcher_links(site: Path) -> list[str]:
    """``page -> href`` for every language-switcher link under ``site`` with no target file."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        for href in switcher_links(page):
            if not (page.parent / href).resolve().is_file():
                broken.append(f"{page.relative_to(site)} -> {href}")
    return broken
