"""Data collected across documents: kept in a Domain, so that parallel reads merge it and
an incremental build purges what a changed document had declared.

Entries are small picklable records (not nodes, :mod:`build_tools.model.records`). Each
keeps the document and line that declared it, so that corpus-wide errors (a recommendation
id used twice, a law cited but never declared) can name file and line. Keys map to *lists*
of entries: a duplicate is kept, and reported once everything is read, whatever the order
or parallelism of reading. The whole-collection views are not kept here but derived from
these records once per build (:mod:`build_tools.sphinx_ext.collection`).

:func:`report_of` is the adapter's one way from a page to its report.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Set
from typing import Any

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from build_tools.model.collection import Collection
from build_tools.model.records import AssessmentEntry, LawEntry, Located, RecommendationEntry
from build_tools.model.report import ReportId, ReportMetadata
from build_tools.sphinx_ext.references import resolve_reference

__all__ = [
    "AssessmentEntry",
    "LawEntry",
    "Located",
    "RecommendationEntry",
    "ShadowDomain",
    "report_of",
    "shadow_domain",
]


def report_of(docname: str) -> ReportId | None:
    """The report a page belongs to (``spain/legal-framework`` -> the report ``spain``),
    or None for the collection's own pages. From the page's name alone, so it does not
    depend on the order pages are read in."""
    return ReportId.of_page(docname)


class ShadowDomain(Domain):
    """Everything the shadow-report directives declare, keyed by the declaring document."""

    name = "shadow"
    label = "Shadow reports"
    data_version = 4
    dangling_warnings = {
        "law": "unknown law id '%(target)s': declare it once with a {law} directive, "
        "usually on the report's legal-framework page",
    }
    initial_data: dict[str, Any] = {
        "reports": {},  # docname -> ReportMetadata (a report's or the collection's index)
        "laws": {},  # law id -> [LawEntry]
        "assessments": {},  # (report docname, article) -> [AssessmentEntry]
        "recommendations": {},  # id -> [RecommendationEntry]
        "data_pages": set(),  # docnames with tables made from the data (matrix, ...)
        "convention_page": {},  # docname -> True: the page holding the Convention reference
        # docname -> {(table, key)} it declared under: purging a page looks at its own
        # keys, not at every key of the corpus (that was quadratic in pages)
        "declared": {},
        # derived, not declared: computed from all the above at env-updated, every build
        "collection": None,
    }

    # --- access -------------------------------------------------------------------------
    @property
    def reports(self) -> dict[str, ReportMetadata]:
        return self.data["reports"]

    @property
    def laws(self) -> dict[str, list[LawEntry]]:
        return self.data["laws"]

    @property
    def assessments(self) -> dict[tuple[str, int], list[AssessmentEntry]]:
        return self.data["assessments"]

    @property
    def recommendations(self) -> dict[str, list[RecommendationEntry]]:
        return self.data["recommendations"]

    @property
    def data_pages(self) -> set[str]:
        return self.data["data_pages"]

    @property
    def collection(self) -> Collection:
        """The collection as of the last ``env-updated`` (see ``sphinx_ext/collection.py``)."""
        found = self.data.get("collection")
        if found is None:
            raise RuntimeError("the collection is built at env-updated; read every page first")
        return found

    def law(self, law_id: str) -> LawEntry | None:
        entries = self.laws.get(law_id)
        return entries[0] if entries else None

    def convention_page(self) -> str | None:
        pages = sorted(self.data["convention_page"])
        return pages[0] if pages else None

    def report_root(self, docname: str) -> str | None:
        """The index page of the report ``docname`` belongs to (``spain/index``), or the
        collection's root page for pages outside any report folder."""
        report = report_of(docname)
        if report is not None:
            return report.root
        for root, meta in self.reports.items():
            if meta.kind == "collection":
                return root
        return None

    def metadata_for(self, docname: str) -> ReportMetadata | None:
        """While pages are read (a {law} takes its report's country), from what is read
        so far; once all are read, the same as :meth:`Collection.metadata_for`."""
        report = report_of(docname)
        meta = self.reports.get(report) if report is not None else None
        if meta is None:  # a page outside the report folders: the collection's status
            meta = next((m for m in self.reports.values() if m.kind == "collection"), None)
        return meta

    def assessments_of(self, report: str) -> list[AssessmentEntry]:
        """For writers (Word); a report's assessments by article, from the collection."""
        return self.collection.assessments_of(ReportId(report))

    def declaring_documents(self) -> set[str]:
        """Documents that declared any data (metadata, laws, assessments, recommendations)."""
        docs = set(self.reports)
        for table in ("laws", "assessments", "recommendations"):
            docs.update(e.docname for entries in self.data[table].values() for e in entries)
        return docs

    # --- declaring ------------------------------------------------------------------------
    def add_to(self, table: str, key: Any, entry: Located) -> None:
        self.data[table].setdefault(key, []).append(entry)
        self.data["declared"].setdefault(entry.docname, set()).add((table, key))

    def amend(self, table: str, key: Any, docname: str, **changes: Any) -> None:
        """Records are frozen: replace what ``docname`` declared under ``key`` with a copy
        carrying ``changes`` (the prose, once translated)."""
        entries = self.data[table].get(key)
        if entries:
            self.data[table][key] = [
                dataclasses.replace(e, **changes) if e.docname == docname else e for e in entries
            ]

    # --- purge and merge (incremental and parallel builds) ----------------------------------
    def clear_doc(self, docname: str) -> None:
        self.reports.pop(docname, None)
        self.data_pages.discard(docname)
        self.data["convention_page"].pop(docname, None)
        for table, key in self.data["declared"].pop(docname, ()):
            kept = [e for e in self.data[table].get(key, ()) if e.docname != docname]
            if kept:
                self.data[table][key] = kept
            else:
                self.data[table].pop(key, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname, meta in otherdata["reports"].items():
            if docname in docnames:
                self.reports[docname] = meta
        self.data_pages.update(d for d in otherdata["data_pages"] if d in docnames)
        for docname in otherdata["convention_page"]:
            if docname in docnames:
                self.data["convention_page"][docname] = True
        for table in ("laws", "assessments", "recommendations"):
            for key, entries in otherdata[table].items():
                for entry in entries:
                    if entry.docname in docnames:
                        self.add_to(table, key, entry)

    # --- cross-references: {article} and {law} ----------------------------------------------
    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.Element | None:
        return resolve_reference(self, env, fromdocname, builder, typ, target, node, contnode)

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list:
        return []

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        return []


def shadow_domain(env: Any) -> ShadowDomain:
    return env.get_domain("shadow")  # type: ignore[return-value]
