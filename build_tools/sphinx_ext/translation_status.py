"""Readers see the truth about translations: a page that is not fully translated says so
(a banner in HTML, a note at the head of its chapter in PDF and EPUB), and the
``{translation-status}`` directive shows the figures of every language and report.

The figures come from the PO files, counted by ``build_tools.i18n.status`` (words of the
source; fuzzy entries count as untranslated, as they are shown in the source language).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
from collections.abc import Callable
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from babel import Locale
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from build_tools.i18n import memory, pofiles, status
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


def _page_progress(po: Path, shared: SharedProgress | None = None) -> Progress:
    stat = po.stat()
    key = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
    known = _progress.get(po)
    if known is None or known[0] != key:
        counted = shared.get(po) if shared is not None else page_progress(po)
        known = _progress[po] = (key, counted)
    return known[1]


#: where a run's processes share the figures: beside the chart cache, so that it lives
#: as long (a clean build starts without it) and every job of the run finds it
PROGRESS_FILE = ".translation-progress.json"


@cache
def _counting_version() -> str:
    """What the figures depend on besides a PO file's bytes: the counting code and polib."""
    digest = hashlib.sha256(version("polib").encode())
    for module in (status, memory, pofiles):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()[:16]


class SharedProgress:
    """The figures of every PO file, shared by the Sphinx processes of a run through one
    JSON file: each writing process needs every language's figures (the status page and
    its chart), and parsing the 200 PO files was half a second of each. An entry holds for
    the SHA-256 of the file's bytes; a file that does not read as this version's cache is
    ignored (then written again)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries = self._read()
        self.changed = False

    def _read(self) -> dict[str, list[Any]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data["version"] != _counting_version():
                return {}
            entries = data["files"]
            for digest, counts in entries.values():
                Progress(*counts)  # the six numbers, or a TypeError
                if not isinstance(digest, str) or not all(isinstance(n, int) for n in counts):
                    return {}
            return dict(entries)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return {}

    def get(self, po: Path) -> Progress:
        digest = hashlib.sha256(po.read_bytes()).hexdigest()
        known = self.entries.get(str(po))
        if known is not None and known[0] == digest:
            return Progress(*known[1])
        progress = page_progress(po)
        self.entries[str(po)] = [digest, list(_counts(progress))]
        self.changed = True
        return progress

    def save(self) -> None:
        """Write the entries (atomically), with those another process added meanwhile."""
        if not self.changed:
            return
        entries = {**self._read(), **self.entries}
        text = json.dumps({"version": _counting_version(), "files": entries}, sort_keys=True)
        staging = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, staging = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(staging, self.path)  # a reader never sees half a file
        except OSError:  # a cache: the next process counts again
            if staging is not None:
                Path(staging).unlink(missing_ok=True)
            return
        self.changed = False


def _counts(progress: Progress) -> tuple[int, ...]:
    return (
        progress.translated_words,
        progress.fuzzy_words,
        progress.total_words,
        progress.translated_strings,
        progress.fuzzy_strings,
        progress.total_strings,
    )


def shared_progress_file(env: BuildEnvironment) -> Path:
    charts = env.config.shadow_chart_cache  # charts.cache_dir's folder
    folder = Path(charts).parent if charts else Path(env.doctreedir).parent
    return folder / PROGRESS_FILE


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
    shared = SharedProgress(shared_progress_file(env))
    for language in env.config.shadow_languages[1:]:
        folder = _catalog_dir(env, language)
        groups = [*env.config.shadow_reports, "comparative", ""]
        for group in groups:
            docs = [d for d in sorted(env.found_docs) if _group(d) == group]
            translated = total = 0
            for docname in docs:
                po = folder / f"{docname}.po" if folder else None
                if po is not None and po.is_file():
                    progress = _page_progress(po, shared)
                    translated += progress.translated_words
                    total += progress.total_words
            if total:
                name = report_name(ReportId.named(group)) if group else _("Collection")
                language_name = (
                    Locale.parse(language).get_display_name(env.config.language or "en") or language
                )
                rows.append(ProgressRow(language_name, name, translated, total))
    shared.save()
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
