"""``_build/html/index.html``: the page at the root of the published sites, a link to each
language's site. Written by the HTML format after its jobs (its own module: the formats
and the runner both need it, and neither may import the other)."""

from __future__ import annotations

from html import escape
from pathlib import Path

from build_tools.model.report import language_name
from build_tools.pipeline.project import Project
from build_tools.pipeline.publish import write_text_atomic


def write_language_index(project: Project) -> Path:
    """``_build/html/index.html``: a plain page that links to each language's site."""
    html_root = project.build_dir / "html"
    items = "\n".join(
        f'    <li><a href="{lang}/index.html" hreflang="{lang}" lang="{lang}">'
        f"{escape(language_name(lang))}</a></li>"
        for lang in project.languages
        if (html_root / lang / "index.html").exists()
    )
    page = f"""<!DOCTYPE html>
<html lang="{project.languages[0]}">
<head>
  <meta charset="utf-8" />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <title>Shadow reports</title>
  <style>body {{ font-family: sans-serif; max-width: 40em; margin: 3em auto; }}</style>
</head>
<body>
  <main>
  <h1>Shadow reports on the UN Migrant Workers Convention</h1>
  <ul>
{items}
  </ul>
  </main>
</body>
</html>
"""
    target = html_root / "index.html"
    # unchanged, untouched: a build with nothing to do writes nothing
    if not target.is_file() or target.read_text(encoding="utf-8") != page:
        write_text_atomic(target, page)
    return target
