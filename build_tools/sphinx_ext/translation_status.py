"""Readers see the truth about translations: a page that is not fully translated says so
(a banner in HTML, a note at the head of its chapter in PDF and EPUB), and the
``{translation-status}`` directive shows the figures of every language and report.

The figures come from the PO files, counted by ``build_tools.i18n.status`` (words of the
source; fuzzy entries count as untranslated, as they are shown in the source language).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from babel import Locale
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from build_tools.i18n.status import Progress, page_progress
from build_tools.model.chart_input import ProgressRow
from build_tools.model.report import ReportId
from build_tools.sphinx_ext.data_pages import Page, add_placeholder, data_placeholder
from build_tools.sphinx_ext.domain import report_of, shadow_domain
from build_tools.sphinx_ext.i18n import _
from build_tools.sphinx_ext.tables import table


def _catalog_dir(env: BuildEnvironment, language: str) -> Path | None:
    for locale_dir in env.config.locale_dirs:
        folder = Path(env.srcdir, locale_dir, language, "LC_MESSAGES")
        if folder.is_dir():
            return folder
    return None


#: each PO file's progress while the file stays the same: a build asks for a page several
#: times (its banner, the table, the chart), and parsing it is most of the cost
_progress: dict[Path, tuple[tuple[int, int, int], Progress]] = {}


def _page_progress(po: Path) -> Progress:
    stat = po.stat()
    version = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
    known = _progress.get(po)
    if known is None or known[0] != version:
        known = _progress[po] = (version, page_progress(po))
    return known[1]


def progress_of(env: BuildEnvironment, docname: str) -> Progress | None:
    """The translation progress of one page in the build's language; None in the source
    language and for pages that are not documents."""
    language = env.config.language or "en"
    if language == env.config.shadow_languages[0] or docname not in env.found_docs:
        return None
    folder = _catalog_dir(env, language)
    po = folder / f"{docname}.po" if folder else None
    if po is None or not po.is_file():
        return Progress(total_words=1, total_strings=1)  # nothing translated yet
    return _page_progress(po)


def notice(env: BuildEnvironment, docname: str) -> str:
    """ "This page is 62 % translated; ..." or "" for a complete (or source) page."""
    progress = progress_of(env, docname)
    if progress is None or progress.total_words == 0:
        return ""
    if progress.translated_words >= progress.total_words:
        return ""
    percent = math.floor(100 * progress.translated_words / progress.total_words)
    language = env.config.language or "en"
    source = env.config.shadow_languages[0]
    try:
        source_name = Locale.parse(language).languages.get(source, source)
    except (ValueError, TypeError):
        source_name = source
    return _(
        "This page is %(percent)s %% translated; untranslated passages appear in %(source)s."
    ) % {"percent": percent, "source": source_name}


def add_html_notice(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    context["shadow_translation_notice"] = notice(app.env, pagename) if doctree else ""


def _note(text: str) -> nodes.Element:
    note = nodes.note(classes=["shadow-translation-note"])
    note += nodes.paragraph("", text)
    return note


def _insert_after_title(container: nodes.Element, text: str) -> None:
    section = next(iter(container.findall(nodes.section)), None)
    if section is None:
        container.insert(0, _note(text))
    else:
        section.insert(
            1 if section.children and isinstance(section[0], nodes.title) else 0, _note(text)
        )


class ChapterTranslationNote(SphinxPostTransform):
    """PDF and EPUB: the same notice at the head of each partly translated chapter."""

    default_priority = 210
    builders = ("latex", "epub")

    def run(self, **kwargs: Any) -> None:
        if self.env._builder_cls.name == "latex":  # one volume: a note per chapter
            for start in list(self.document.findall(addnodes.start_of_file)):
                text = notice(self.env, start["docname"])
                if text:
                    _insert_after_title(start, text)
        else:
            text = notice(self.env, self.env.docname)
            if text:
                _insert_after_title(self.document, text)


def progress_rows(
    env: BuildEnvironment, report_name: Callable[[ReportId], str]
) -> list[ProgressRow]:
    """Words translated, for every translation and report (numbers, for the table and the
    chart alike); the collection's own pages count as one report."""
    rows = []
    for language in env.config.shadow_languages[1:]:
        folder = _catalog_dir(env, language)
        groups = [*env.config.shadow_reports, "comparative", ""]
        for group in groups:
            docs = [d for d in sorted(env.found_docs) if _group(d) == group]
            translated = total = 0
            for docname in docs:
                po = folder / f"{docname}.po" if folder else None
                if po is not None and po.is_file():
                    progress = _page_progress(po)
                    translated += progress.translated_words
                    total += progress.total_words
            if total:
                name = report_name(ReportId.named(group)) if group else _("Collection")
                language_name = (
                    Locale.parse(language).get_display_name(env.config.language or "en") or language
                )
                rows.append(ProgressRow(language_name, name, translated, total))
    return rows


def _group(docname: str) -> str:
    report = report_of(docname)
    return report.name if report is not None else ""


class status_placeholder(data_placeholder):  # noqa: N801
    """Replaced by the table of translation progress."""


def resolve_status(page: Page, node: status_placeholder) -> list[nodes.Node]:
    header = [_("Language"), _("Report"), _("Words translated"), _("Translated")]
    rows = [
        [
            row.language,
            row.report,
            f"{row.translated_words} / {row.total_words}",
            f"{math.floor(100 * row.translated_words / row.total_words)} %",
        ]
        for row in progress_rows(page.env, page.report_name)
    ]
    return [
        table(
            header,
            rows,
            widths=[20, 30, 30, 20],
            classes=["shadow-translation-status"],
            long=True,
        )
    ]


class TranslationStatusDirective(SphinxDirective):
    """``{translation-status}``: words translated per language and report; filled in once
    every page is read (report names come from their metadata)."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        for language in self.config.shadow_languages[1:]:
            folder = _catalog_dir(self.env, language)
            for po in sorted(folder.rglob("*.po")) if folder else []:
                self.env.note_dependency(str(po))
        shadow_domain(self.env).data_pages.add(self.env.docname)
        node = status_placeholder()
        self.set_source_info(node)
        return [node]


def setup_translation_status(app: Sphinx) -> None:
    app.connect("html-page-context", add_html_notice)
    app.add_post_transform(ChapterTranslationNote)
    app.add_directive("translation-status", TranslationStatusDirective)
    add_placeholder(app, status_placeholder, resolve_status)
