"""``_build/html/index.html``: the page at the root of the published sites, a link to each
language's site. Written by the HTML format after its jobs (its own module: the formats
and the runner both need it, and neither may import the other)."""

from __future__ import annotations

from html import escape
from pathlib import Path

from build_tools.design import TOKENS
from build_tools.model.report import language_name
from build_tools.pipeline.project import Project
from build_tools.pipeline.publish import write_text_atomic


def write_language_index(project: Project) -> Path:
    """``_build/html/index.html``: a page that links to each language's site, each named
    in its own language, in the collection's colours (design tokens; no stylesheet file,
    so the page stands alone wherever the sites are served)."""
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
  <title>Shadow reports on the UN Migrant Workers Convention</title>
  <style>
    body {{ margin: 0; font-family: "Helvetica Neue", Arial, "Liberation Sans", sans-serif;
      color: {TOKENS.text}; background: {TOKENS.paper}; line-height: 1.5; }}
    header {{ background: {TOKENS.brand}; color: #ffffff; padding: 2.5rem 1.25rem; }}
    header h1 {{ margin: 0 auto; max-width: 40rem; font-size: 1.8rem; line-height: 1.25; }}
    main {{ max-width: 40rem; margin: 2rem auto; padding: 0 1.25rem; }}
    ul {{ list-style: none; padding: 0; display: grid; gap: 0.75rem;
      grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr)); }}
    a {{ display: block; padding: 1rem; border: 1px solid {TOKENS.rule};
      border-top: 5px solid {TOKENS.brand}; color: {TOKENS.brand}; font-size: 1.25rem;
      font-weight: bold; text-decoration: none; }}
    a:hover, a:focus-visible {{ background: {TOKENS.brand_tint}; text-decoration: underline; }}
  </style>
</head>
<body>
  <header><h1>Shadow reports on the UN Migrant Workers Convention</h1></header>
  <main>
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
