"""The preview's reload script in a real browser (Debian's Chromium through Playwright):
the page a writer has open follows their saves without being touched, shows a broken
save's located error over the last good page, and drops the banner when the page is fixed.
The other preview tests fetch pages again themselves; only a browser runs the script."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.checks import browser as browser_check
from build_tools.preview.server import BANNER_ID

from .running import running_preview

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        browser_check.chromium_path() is None, reason="Chromium is installed by make setup"
    ),
]

PAGE = "alpha/introduction"
WAIT_MS = 120_000  # a build of the mini project takes seconds; a loaded CI machine, more


def test_the_open_page_reloads_on_save_and_shows_a_broken_save_in_place(
    mini_project: Path,
) -> None:
    source = mini_project / "reports" / f"{PAGE}.md"
    text = source.read_text(encoding="utf-8")
    with running_preview(mini_project, "en") as session, browser_check.browser() as chromium:
        page = chromium.new_page()  # type: ignore[attr-defined]
        page.goto(f"{session.url}{PAGE}.html")
        assert "Second section." in page.inner_text("body")
        loads: list[str] = []
        page.on("load", lambda: loads.append(page.url))

        source.write_text(text + "\nAn edit the reader sees.\n", encoding="utf-8")
        page.wait_for_function(
            "document.body.innerText.includes('An edit the reader sees.')", timeout=WAIT_MS
        )
        assert loads, "the change must come from the script reloading the page"

        source.write_text(text + "\nA broken edit: {article}`999`.\n", encoding="utf-8")
        banner = page.wait_for_selector(f"#{BANNER_ID}", timeout=WAIT_MS)
        message = banner.inner_text()
        assert f"reports/{PAGE}.md:" in message and "999" in message  # located
        assert "An edit the reader sees." in page.inner_text("body")  # last good page
        assert "A broken edit" not in page.inner_text("body")

        source.write_text(text + "\nFixed again.\n", encoding="utf-8")
        page.wait_for_function("document.body.innerText.includes('Fixed again.')", timeout=WAIT_MS)
        assert page.query_selector(f"#{BANNER_ID}") is None
