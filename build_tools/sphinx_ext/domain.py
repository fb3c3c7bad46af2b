"""Data collected across documents: kept in a Domain, so that parallel reads merge it and
an incremental build purges what a changed document had declared."""

from __future__ import annotations

from collections.abc import Iterable, Set
from typing import Any

from sphinx.domains import Domain

from build_tools.model.report import ReportMetadata


class ShadowDomain(Domain):
    """Everything the shadow-report directives declare, keyed by the declaring document."""

    name = "shadow"
    label = "Shadow reports"
    data_version = 1
    initial_data: dict[str, Any] = {"reports": {}}

    @property
    def reports(self) -> dict[str, ReportMetadata]:
        """docname -> metadata declared on that page (a report's or the collection's index)."""
        return self.data["reports"]

    def clear_doc(self, docname: str) -> None:
        self.reports.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname, meta in otherdata["reports"].items():
            if docname in docnames:
                self.reports[docname] = meta

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list:
        return []

    def report_root(self, docname: str) -> str | None:
        """The index page of the report (or collection) that ``docname`` belongs to."""
        top = docname.split("/", 1)[0]
        candidate = f"{top}/index"
        if "/" in docname and candidate in self.reports:
            return candidate
        for root, meta in self.reports.items():
            if meta.kind == "collection":
                return root
        return None

    def metadata_for(self, docname: str) -> ReportMetadata | None:
        root = self.report_root(docname)
        return self.reports.get(root) if root else None

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        return []


def shadow_domain(env: Any) -> ShadowDomain:
    return env.get_domain("shadow")  # type: ignore[return-value]
