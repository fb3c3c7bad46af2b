"""The preview's web server: the last good build's files, with a small script added to
every page that listens for builds (server-sent events on ``/_preview/events``) and
reloads the page after a good one. While the last build failed, every page carries its
located errors in a banner at the top (written into the page, so it shows without the
script too); the page under it is the last good one.
"""

from __future__ import annotations

import html
import json
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

EVENTS = "/_preview/events"
STATE = "/_preview/state"
BANNER_ID = "shadow-preview-errors"
HEARTBEAT = 10.0  # seconds: a comment line that finds a closed connection

_SCRIPT = """<script>(function () {
  var shown = %(build)d;
  var source = new EventSource("%(events)s");
  source.onmessage = function (event) {
    var state = JSON.parse(event.data);
    if (state.ok && state.good > shown) { location.reload(); return; }
    var banner = document.getElementById("%(banner)s");
    if (state.ok) { if (banner) banner.remove(); return; }
    if (!banner) {
      banner = document.createElement("div");
      banner.id = "%(banner)s";
      banner.setAttribute("role", "alert");
      banner.style.cssText = "%(style)s";
      document.body.insertBefore(banner, document.body.firstChild);
    }
    var text = "The last edit did not build; this is the last good page.\\n\\n";
    banner.textContent = text + state.errors.join("\\n");
  };
})();</script>"""
_STYLE = (
    "position:fixed;z-index:10000;top:0;left:0;right:0;max-height:50vh;overflow:auto;"
    "margin:0;padding:1em;background:#fff0f0;color:#600;border-bottom:3px solid #c00;"
    "font:14px/1.4 monospace;white-space:pre-wrap"
)


class State:
    """The last build's outcome, and a condition the event streams wait on."""

    def __init__(self) -> None:
        self.condition = threading.Condition(threading.RLock())  # held across a publication
        self.record: dict[str, Any] = {"build": 0, "good": 0, "ok": True, "errors": []}

    def update(self, outcome: dict[str, Any]) -> None:
        with self.condition:
            good = outcome["build"] if outcome["ok"] else self.record["good"]
            self.record = {**outcome, "good": good}
            self.condition.notify_all()

    def snapshot(self) -> dict[str, Any]:
        with self.condition:
            return dict(self.record)

    def wait_after(self, build: int, timeout: float) -> dict[str, Any]:
        with self.condition:
            self.condition.wait_for(lambda: self.record["build"] != build, timeout)
            return dict(self.record)


def banner(errors: list[str]) -> str:
    lines = "\n".join(html.escape(line) for line in errors)
    return (
        f'<div id="{BANNER_ID}" role="alert" style="{_STYLE}">The last edit did not build; '
        f"this is the last good page.\n\n{lines}</div>"
    )


def decorate(page: bytes, state: dict[str, Any]) -> bytes:
    """A served page with the reload script (and the errors' banner while a build fails)."""
    text = page.decode("utf-8", errors="replace")
    script = _SCRIPT % {"build": state["good"], "events": EVENTS, "banner": BANNER_ID,
                        "style": _STYLE}  # fmt: skip
    end = text.rfind("</body>")
    text = f"{text[:end]}{script}{text[end:]}" if end >= 0 else text + script
    if not state["ok"]:
        start = text.find("<body")
        start = text.find(">", start) + 1 if start >= 0 else 0
        text = f"{text[:start]}{banner(state['errors'])}{text[start:]}"
    return text.encode("utf-8")


def make_server(
    site: Path, state: State, port: int, host: str = "127.0.0.1"
) -> ThreadingHTTPServer:
    """A server of ``site`` on ``host:port`` (0: a free port; see ``server_address``)."""

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(site), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass  # the terminal shows builds, not requests

        def end_headers(self) -> None:
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

        def do_GET(self) -> None:  # noqa: N802
            path = unquote(urlsplit(self.path).path)
            if path == EVENTS:
                return self._events()
            if path == STATE:
                return self._send(json.dumps(state.snapshot()).encode(), "application/json")
            local = Path(self.translate_path(self.path))
            if local.is_dir() and path.endswith("/"):
                local = local / "index.html"
            if local.suffix == ".html" and local.is_file():
                with state.condition:  # the page and the state of one build
                    page, current = local.read_bytes(), state.snapshot()
                return self._send(decorate(page, current), "text/html")
            current = state.snapshot()
            if local.suffix == ".html" and not current["good"]:
                # nothing built yet (the first build is running, or failed): say so, and
                # reload when there is a page
                waiting = (
                    b"<!DOCTYPE html><html><body><p>The preview is building.</p></body></html>"
                )
                return self._send(decorate(waiting, current), "text/html")
            return super().do_GET()

        def _send(self, body: bytes, kind: str) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _events(self) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            record = state.snapshot()
            try:
                while True:
                    self.wfile.write(f"data: {json.dumps(record)}\n\n".encode())
                    self.wfile.flush()
                    seen = record["build"]
                    record = state.wait_after(seen, HEARTBEAT)
                    while record["build"] == seen:
                        self.wfile.write(b": alive\n\n")
                        self.wfile.flush()
                        record = state.wait_after(seen, HEARTBEAT)
            except (BrokenPipeError, ConnectionResetError):
                return

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    return server
