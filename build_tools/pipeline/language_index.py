"""``_build/html/index.html``: the page at the root of the published sites, a link to each
language's site. Written by the HTML format after its jobs, and by the CI's assembly of the
per-language builds (:mod:`build_tools.pipeline.site`), so the published root page is this
one (its own module: the formats and the runner both need it, and neither may import the
other)."""

from __future__ import annotations

from html import escape
from pathlib import Path

import polib

from build_tools.design import TOKENS, css_custom_properties
from build_tools.i18n.layout import INTERFACE_DOMAIN
from build_tools.model.report import language_name
from build_tools.pipeline.project import Project
from build_tools.pipeline.publish import write_text_atomic

# The site's look without its stylesheet (the page stands alone wherever the sites are
# served): the design tokens as custom properties, the site's fonts, masthead and cards.
STYLE = """
  body { margin: 0; font-family: var(--shadow-font-text); color: var(--shadow-text);
    background: var(--shadow-paper); line-height: 1.5; font-size: 1.0625rem; }
  header { background: var(--shadow-brand); color: #ffffff; font-family: var(--shadow-font-ui); }
  header div, main { max-width: 52rem; margin: 0 auto; padding: 0 1.25rem; }
  header div { padding-top: 2.5rem; padding-bottom: 2.25rem; }
  h1 { margin: 0; font-size: clamp(1.5rem, 1.1rem + 2vw, 2.25rem); line-height: 1.2; }
  main { margin-top: 2rem; margin-bottom: 3rem; }
  ul { list-style: none; padding: 0; margin: 0; display: grid; gap: 1rem;
    grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); }
  li { position: relative; border: 1px solid var(--shadow-rule);
    border-top: 5px solid var(--shadow-brand); padding: 1rem 1.1rem 1.1rem; }
  li:hover, li:focus-within { background: var(--shadow-brand-tint); }
  a { font-family: var(--shadow-font-ui); color: var(--shadow-brand); font-size: 1.35rem;
    font-weight: bold; text-decoration: none; }
  a::after { content: ""; position: absolute; inset: 0; }  /* the whole card is the link */
  a:hover, a:focus-visible { text-decoration: underline; }
  a:focus-visible { outline: none; }
  li:focus-within { outline: 3px solid var(--shadow-brand); outline-offset: 2px; }
  li p { margin: 0.4rem 0 0; color: var(--shadow-muted); font-size: 0.95rem; }
  footer { border-top: 1px solid var(--shadow-rule); color: var(--shadow-muted);
    font-family: var(--shadow-font-ui); font-size: 0.9rem; }
  footer p { max-width: 52rem; margin: 0 auto; padding: 1rem 1.25rem; }
"""
FONTS = """:root {
  --shadow-font-text: Charter, "Bitstream Charter", "TeX Gyre Pagella", Georgia, serif;
  --shadow-font-ui: "TeX Gyre Heros", "Helvetica Neue", Arial, "Liberation Sans", sans-serif;
}
"""


def collection_title(project: Project, language: str) -> tuple[str, str]:
    """The collection's title in ``language`` and the language it is in: the interface
    catalogue's translation of conf.py's ``project``, else the source title."""
    title = str(project.settings.get("project", "") or project.collection_name)
    po = project.localedir / language / "LC_MESSAGES" / f"{INTERFACE_DOMAIN}.po"
    if language != project.languages[0] and po.is_file():
        entry = polib.pofile(str(po)).find(title)
        if entry is not None and entry.msgstr and not entry.fuzzy and not entry.obsolete:
            return entry.msgstr, language
    return title, project.languages[0]


def language_index(project: Project, languages: list[str]) -> str:
    """The root page linking to ``languages``: each named in its own language, with the
    collection's title in that language (``lang`` on each, so each is read in its voice)."""
    source = project.languages[0]
    title, _ = collection_title(project, source)
    items = []
    for lang in languages:
        translated, title_lang = collection_title(project, lang)
        marked = f' lang="{title_lang}"' if title_lang != lang else ""
        items.append(
            f'    <li lang="{lang}"><a href="{lang}/index.html" hreflang="{lang}">'
            f"{escape(language_name(lang))}</a>\n"
            f"      <p{marked}>{escape(translated)}</p></li>"
        )
    alternates = "\n".join(
        f'  <link rel="alternate" hreflang="{lang}" href="{lang}/index.html" />'
        for lang in languages
    )
    listing = "\n".join(items)
    rights = str(project.settings.get("copyright", "") or "")
    footer = f"\n  <footer><p>&#169; {escape(rights)}</p></footer>" if rights else ""
    return f"""<!DOCTYPE html>
<html lang="{source}">
<head>
  <meta charset="utf-8" />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <meta name="theme-color" content="{TOKENS.brand}" />
  <title>{escape(title)}</title>
{alternates}
  <style>
{css_custom_properties()}{FONTS}{STYLE}  </style>
</head>
<body>
  <header><div><h1>{escape(title)}</h1></div></header>
  <main>
  <ul>
{listing}
  </ul>
  </main>{footer}
</body>
</html>
"""


def write_language_index(project: Project) -> Path:
    """``_build/html/index.html``: a link to each language whose site is built."""
    html_root = project.build_dir / "html"
    built = [lang for lang in project.languages if (html_root / lang / "index.html").exists()]
    page = language_index(project, built)
    target = html_root / "index.html"
    # unchanged, untouched: a build with nothing to do writes nothing
    if not target.is_file() or target.read_text(encoding="utf-8") != page:
        write_text_atomic(target, page)
    return target
