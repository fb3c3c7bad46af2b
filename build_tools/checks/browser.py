"""A real browser on the built site: Debian's Chromium, driven by Playwright, with
axe-core for accessibility. The site is served on localhost, as a reader would open it."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on a free localhost port; yields the base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


def serious_violations(page: object) -> list[str]:
    """axe-core on the open page: violations of impact serious or critical."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} [{len(v['nodes'])} element(s)]"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


#: what the site is held to: WCAG 2.1 A and AA, and axe's best practices, every impact
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
}


def all_violations(page: object) -> list[str]:
    """axe-core on the open page, WCAG 2.1 AA and best practice: every violation, with the
    first offending elements, whatever its impact."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} "
        f"{[n['target'] for n in v['nodes'][:3]]} [{len(v['nodes'])} element(s)]"
        for v in results.response["violations"]
    ]


def horizontal_overflow(page: object) -> int:
    """How many CSS pixels the page is wider than the window (0: no sideways scrolling)."""
    return int(page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth"))


ENGLISH_MONTHS = (
    "January February March April May June July August September October November December"
).split()


def text_in_page_language(page: object) -> str:
    """The visible text of the page, less every element marked as another language."""
    return str(
        page.evaluate(
            """() => {
            const lang = document.documentElement.lang;
            const copy = document.body.cloneNode(true);
            copy.querySelectorAll('[lang]').forEach(e => {
                if (e.getAttribute('lang') !== lang) e.remove();
            });
            copy.querySelectorAll('script, style').forEach(e => e.remove());
            return copy.textContent;
        }"""
        )
    )


def english_month_names(page: object) -> list[str]:
    """English month names in the text that claims the page's own language."""
    import re

    text = text_in_page_language(page)
    return sorted({m for m in ENGLISH_MONTHS if re.search(rf"\b{m}\b", text)})
