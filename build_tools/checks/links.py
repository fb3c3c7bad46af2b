"""Every internal link of a built site must reach a file, and its ``#anchor`` an element
with that id: checked on the files themselves, without a server or a network."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        for key in ("id", "name"):
            if attributes.get(key):
                self.ids.add(attributes[key] or "")
        for key in ("href", "src"):
            value = attributes.get(key)
            if value and not (tag == "link" and attributes.get("rel") == "alternate"):
                self.links.append((self.getpos()[0], value))


def broken_links(site: Path) -> list[str]:
    """``page:line: href`` for each internal link or anchor that leads nowhere."""
    pages: dict[Path, _Page] = {}
    for html in sorted(site.rglob("*.html")):
        parser = _Page()
        parser.feed(html.read_text(encoding="utf-8", errors="replace"))
        pages[html.resolve()] = parser
    problems = []
    for page, parsed in pages.items():
        for line, href in parsed.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "data:")):
                continue  # external: not this check's business
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.exists():
                problems.append(f"{page.relative_to(site.resolve())}:{line}: {href} (no file)")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else set()
                if unquote(parts.fragment) not in ids:
                    problems.append(
                        f"{page.relative_to(site.resolve())}:{line}: {href} (no such anchor)"
                    )
    return problems
