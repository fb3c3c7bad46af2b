"""The publication's own pages around the text: the home page's card per report, and a
report's download box and "how to cite".

Both read the collection (model values, never parsed back from text) and go into the page
through the shadow theme's ``page.html``; the EPUB and the PDF have their own covers and
imprints, so this is HTML only.

Downloads: the HTML build runs before or beside the PDF, EPUB and Word jobs, so a page
cannot know their sizes. The links point inside the language's own site
(``downloads/spain.pdf``: the published site is ``_build/html/`` alone, the CI workflow
copies nothing else to Pages), and carry an empty size placeholder. After the jobs of a run,
:mod:`build_tools.pipeline.downloads` copies each published file into
``_build/html/<lang>/downloads/`` and writes its size, in the page's language, into the
placeholder. The open data is already inside the site (``_data/``).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sphinx.application import Sphinx

from build_tools.dates import long_date
from build_tools.model.collection import Collection, Report
from build_tools.model.rating import Rating
from build_tools.model.report import country_name, language_name
from build_tools.outputs import OPEN_DATA_DIR, SITE_DOWNLOADS_DIR
from build_tools.sphinx_ext.collection import collection_of
from build_tools.sphinx_ext.i18n import _
from build_tools.sphinx_ext.ratings import rating_label
from build_tools.sphinx_ext.report_metadata import status_label


def download_links(app: Sphinx, pagename: str, report: Report | None) -> list[dict[str, str]]:
    """A report's files (PDF, Word), the collection's EPUB and the open data, as links
    relative to ``pagename``; ``size`` names the file whose size the pipeline writes."""
    prefix = "../" * pagename.count("/")
    language = app.config.language or "en"
    files: list[tuple[str, str, str]] = []
    if report is not None:
        files += [
            ("PDF", _("PDF, to print and read"), f"{SITE_DOWNLOADS_DIR}/{report.name}.pdf"),
            ("Word", _("Word, to edit and submit"), f"{SITE_DOWNLOADS_DIR}/{report.name}.docx"),
        ]
    else:
        name = app.config.shadow_collection_name
        files.append(
            ("PDF", _("PDF, every report in one volume"), f"{SITE_DOWNLOADS_DIR}/{name}.pdf")
        )
    name = app.config.shadow_collection_name
    files += [
        ("EPUB", _("EPUB, the whole collection"), f"{SITE_DOWNLOADS_DIR}/{name}.epub"),
        ("JSON", _("Data: every assessment (JSON)"), f"{OPEN_DATA_DIR}/assessments.json"),
        ("CSV", _("Data: recommendations (CSV)"), f"{OPEN_DATA_DIR}/recommendations.csv"),
        ("CSV", _("Data: country by article matrix (CSV)"), f"{OPEN_DATA_DIR}/matrix.csv"),
    ]
    return [
        {
            "format": fmt,
            "label": label,
            "url": prefix + path,
            "size": path,
            "language": language_name(language),
            "hreflang": language,
        }
        for fmt, label, path in files
    ]


def ratings_bar(collection: Collection, report: Report) -> dict[str, Any]:
    """The report's ratings in law, counted: a stacked bar and its words."""
    counts = Counter(e.assessment.in_law for e in collection.assessments_of(report.id))
    total = sum(counts.values())
    parts = [
        {
            "code": rating.code,
            "count": counts[rating],
            "label": rating_label(rating),
            "percent": f"{100 * counts[rating] / total:.2f}" if total else "0",
        }
        for rating in Rating
        if counts[rating]
    ]
    words = "; ".join(f"{p['label']}: {p['count']}" for p in parts)
    return {"total": total, "parts": parts, "description": f"{_('Ratings in law')}: {words}"}


def report_card(app: Sphinx, pagename: str, report: Report) -> dict[str, Any]:
    collection = collection_of(app.env)
    language = app.config.language or "en"
    meta = report.metadata
    title = app.env.titles.get(report.id)
    card: dict[str, Any] = {
        "name": report.name,
        "url": app.builder.get_relative_uri(pagename, report.id),
        "title": title.astext() if title is not None else report.name,
        "heading": (
            country_name(meta.country, language)
            if meta and meta.country and not meta.is_comparative
            else (title.astext() if title is not None else report.name)
        ),
        "downloads": [
            d for d in download_links(app, pagename, report) if d["format"] in ("PDF", "Word")
        ],
        "bar": ratings_bar(collection, report),
    }
    if meta is not None:
        card["fields"] = [
            (_("Status"), status_label(meta.status)),
            (_("Edition"), meta.edition),
            (_("Date"), long_date(meta.date, language)),
        ]
        if meta.as_of is not None:  # the date the report states the law at, as on its page
            card["fields"].append((_("Law as at"), long_date(meta.as_of, language)))
        card["fields"].append(
            (_("Articles assessed"), format_number(card["bar"]["total"], language))
        )
        card["status"] = meta.status.name.lower()
    return card


def format_number(value: int, language: str) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=language)


def citation(app: Sphinx, pagename: str, title: str) -> dict[str, str]:
    """How to cite the page: organisations, year, title, edition, permanent address."""
    meta = collection_of(app.env).metadata_for(pagename)
    base = str(app.config.html_baseurl or "")
    address = f"{base}{pagename}.html" if base else ""
    if meta is None:
        text = f"{title}."
    else:
        who = "; ".join(meta.organisations)
        text = f"{who} ({meta.date.year}). {title}. {meta.edition}."
    return {"text": text, "address": address}


def add_home_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.builder.name != "html" or doctree is None:
        return
    kind = context.get("shadow_page_kind")
    context["shadow_web_labels"] = {
        "reports": _("The reports"),
        "downloads": _("Download"),
        "cite": _("How to cite"),
        "address": _("Permanent address"),
        "open": _("Read the report"),
        "language": _("Language"),
        "collection_downloads": _("The whole collection"),
    }
    collection = collection_of(app.env)
    if kind == "home":
        context["shadow_cards"] = [report_card(app, pagename, r) for r in collection.reports]
        context["shadow_downloads"] = download_links(app, pagename, None)
    elif kind == "report":
        report = collection.find_report(pagename.partition("/")[0])
        if report is not None:
            context["shadow_downloads"] = download_links(app, pagename, report)
            title = app.env.titles.get(pagename)
            context["shadow_citation"] = citation(
                app, pagename, title.astext() if title is not None else ""
            )


def setup_web_home(app: Sphinx) -> None:
    # after html_page.add_page_context, which sets the page's kind
    app.connect("html-page-context", add_home_context, priority=600)
