"""What every HTML page shows around its content: the collection's own theme
(``theme/shadow``: masthead, navigation, one ``<main>``, footer), the language switcher,
the status banner of a draft or sample report, and a navigation whose cost does not grow
with the size of the corpus.

Why a theme of our own on Sphinx's ``basic``: a fresh HTML build of the Spanish site,
CPU seconds (user + system, chart cache warm, two rounds, a loaded 2-core machine):
alabaster 15.7-16.2, basic 16.0-17.6, shadow (this theme) 16.8, furo 23.0-23.9 (+45 %;
it also renders the whole table of contents into every page, which grows with the
corpus, and is built for software documentation). pydata-sphinx-theme was not measured
(the same whole-tree navigation, and Bootstrap). Ours is ~100 lines of Jinja over
``basic``, costs what alabaster costs, keeps the navigation per page constant (so the
build stays linear in the corpus), and takes its colours from :mod:`build_tools.design`
like the printed volumes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from build_tools.dates import build_date, long_date
from build_tools.design import TOKENS, css_custom_properties
from build_tools.model.report import ReportId, country_name, language_name
from build_tools.sphinx_ext.domain import shadow_domain
from build_tools.sphinx_ext.fallback_language import title_language
from build_tools.sphinx_ext.i18n import _
from build_tools.sphinx_ext.ratings import rating_css
from build_tools.sphinx_ext.report_metadata import status_notice

HERE = Path(__file__).parent
THEME = HERE / "theme" / "shadow"

# Pages every HTML build writes that do not come from a source file.
GENERATED_PAGES = {"genindex", "search"}


def language_links(
    pagename: str, current: str, languages: list[str], existing: set[str]
) -> list[dict[str, Any]]:
    """Links to the same page in every configured language.

    Each language is a sibling folder (``html/es/...``); a page that the other language
    does not have falls back to that language's home page.
    """
    prefix = "../" * (pagename.count("/") + 1)
    target = pagename if pagename in existing or pagename in GENERATED_PAGES else "index"
    return [
        {
            "code": code,
            "name": language_name(code),
            "url": f"{prefix}{code}/{target}.html",
            "current": code == current,
        }
        for code in languages
    ]


def navigation(app: Sphinx, pagename: str) -> dict[str, Any]:
    """The reports of the collection, and the pages of the report ``pagename`` is in."""
    env = app.env
    root = app.config.root_doc
    builder = app.builder

    reports = shadow_domain(env).reports
    language = app.config.language or "en"

    def entry(docname: str) -> dict[str, Any]:
        title = env.titles.get(docname)
        meta = reports.get(docname)
        if meta is not None and meta.country and not meta.is_comparative:
            label = country_name(meta.country, language)  # short: "España", not the title
        else:
            label = title.astext() if title is not None else docname
        return {
            "docname": docname,
            "title": label,
            "lang": "" if meta is not None and meta.country else title_language(title),
            "url": builder.get_relative_uri(pagename, docname),
            "current": docname == pagename,
        }

    report_root = shadow_domain(env).report_root(pagename)
    sections = []
    for docname in env.toctree_includes.get(root, []):
        item = entry(docname)
        if docname == report_root:
            item["expanded"] = True
            item["children"] = [entry(d) for d in env.toctree_includes.get(docname, [])]
        sections.append(item)
    return {"home": entry(root), "sections": sections}


def page_kind(app: Sphinx, pagename: str) -> str:
    """``home``, ``report`` (a report's index page) or ``page``: the body's class."""
    if pagename == app.config.root_doc:
        return "home"
    rid = ReportId.of_page(pagename)
    if rid is not None and pagename == rid and rid.name in app.config.shadow_reports:
        return "report"
    return "page"


def interface_labels() -> dict[str, str]:
    return {
        "languages": _("Languages"),
        "reports": _("Reports"),
        "status": _("Status"),
        "skip": _("Skip to the text"),
        "search": _("Search"),
        "go": _("Go"),
        "pager": _("Previous and next page"),
        "previous": _("Previous:"),
        "next": _("Next:"),
        "published": _("Published"),
    }


def add_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    config = app.config
    language = config.language or "en"
    meta = shadow_domain(app.env).metadata_for(pagename)
    context["shadow_status_notice"] = status_notice(meta.status) if meta else ""
    context["shadow_navigation"] = navigation(app, pagename)
    context["shadow_labels"] = interface_labels()
    context["shadow_site_title"] = config.project  # translated by i18n.register_catalogs
    context["shadow_brand"] = TOKENS.brand
    context["shadow_page_kind"] = page_kind(app, pagename)
    context["shadow_own_theme"] = config.html_theme == "shadow"
    day = build_date(Path(app.confdir))
    context["shadow_build_date"] = long_date(day, language)
    context["shadow_build_date_iso"] = day.isoformat()
    if app.builder.name == "html" and len(config.shadow_languages) > 1:
        context["shadow_language_links"] = language_links(
            pagename,
            config.language or "en",
            list(config.shadow_languages),
            set(app.env.found_docs),
        )
    else:
        context["shadow_language_links"] = []


def add_theme_paths(app: Sphinx, config: Config) -> None:
    # conf.py's html_baseurl is where _build/html/ is served; each language's site is a
    # folder of it, so Sphinx's canonical links (and the "how to cite" box) need the folder
    base = str(config.html_baseurl or "").rstrip("/")
    language = config.language or "en"
    if base and not base.endswith(f"/{language}"):
        config.html_baseurl = f"{base}/{language}/"
    config.templates_path = [str(HERE / "templates"), *config.templates_path]
    config.html_static_path = [*config.html_static_path, str(HERE / "static")]


def write_rating_styles(app: Sphinx) -> None:
    """The ratings' colours come from the model: write their CSS where the builder copies
    static files from (HTML and EPUB)."""
    if app.builder.format != "html":
        return
    folder = Path(app.doctreedir) / "shadow-static"
    folder.mkdir(parents=True, exist_ok=True)
    # the design tokens (the same values as the printed volumes), then the ratings
    for name, text in (
        ("shadow-tokens.css", css_custom_properties()),
        ("shadow-ratings.css", rating_css()),
    ):
        css = folder / name
        if not css.exists() or css.read_text(encoding="utf-8") != text:
            css.write_text(text, encoding="utf-8")
    app.config.html_static_path = [*app.config.html_static_path, str(folder)]


def setup_html_page(app: Sphinx) -> None:
    app.add_html_theme("shadow", str(THEME))
    app.connect("config-inited", add_theme_paths)
    app.connect("html-page-context", add_page_context)
    app.connect("builder-inited", write_rating_styles)
    app.add_css_file("shadow-tokens.css")
    app.add_css_file("shadow.css")
    app.add_css_file("shadow-ratings.css")
    app.add_css_file("shadow-print.css", media="print")
