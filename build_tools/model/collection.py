"""The whole collection: every report with what its pages declared, and the views of it
that every consumer reads (pages made from the data, the open data, the charts, Word).

Plain Python, no Sphinx. The Sphinx adapter builds one :class:`Collection` per build, once
every page is read (at ``env-updated``, as sphinxcontrib-bibtex computes its citations),
from the records its domain holds (:mod:`build_tools.model.records`); nothing else derives
the matrix, the groupings of recommendations, the order of things, the corpus-wide rules,
the open-data records or the input of a chart.

Where several pages declare the same key (an article assessed twice in one report, a
recommendation id reused), every declaration is kept, so that :meth:`Collection.problems`
can name each duplicate; every view uses the first.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from build_tools.model.assessment import Addressee, Priority
from build_tools.model.chart_input import ChartInput, ProgressRow
from build_tools.model.convention import convention
from build_tools.model.edition import AssessmentChange, Change, PreviousEdition, changes
from build_tools.model.law import (
    LawMention,
    LawStatus,
    LegalInstrument,
    law_anchor,
    render_prose,
)
from build_tools.model.ratification import ratifications, signatories
from build_tools.model.rating import Rating
from build_tools.model.records import AssessmentEntry, LawEntry, Located, RecommendationEntry
from build_tools.model.report import ReportId, ReportMetadata, country_name

#: the groupings of the recommendations index (``:by:``)
GROUPINGS = ("article", "country", "addressee")


def natural_key(text: str) -> list[int | str]:
    """Numbers in an id sort as numbers: ``ES-7-2`` before ``ES-25-1`` before ``ES-25-10``."""
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", text)]


@dataclass(frozen=True)
class Report:
    """A report of the collection: its identity and, once its index page is read, its
    metadata (None when the page has no ``{report}`` directive)."""

    id: ReportId
    metadata: ReportMetadata | None

    @property
    def name(self) -> str:
        return self.id.name

    @property
    def country(self) -> str:
        return self.metadata.country if self.metadata is not None else ""


@dataclass(frozen=True)
class Problem:
    """A corpus-wide rule broken: what is wrong, where (None: nowhere in a page, e.g. a
    report conf.py lists that has no folder), and its warning subtype."""

    subtype: str
    message: str
    where: Located | None


class Labels(Protocol):
    """Words of the open data in the build's language (the adapter's interface catalogue)."""

    def rating(self, rating: Rating) -> str: ...
    def addressee(self, addressee: Addressee) -> str: ...
    def priority(self, priority: Priority) -> str: ...
    def subject(self, article: int) -> str: ...
    def change(self, change: Change) -> str: ...


Url = Callable[[str, str], str]  # (page, anchor) -> the address readers follow


def _first(declared: Mapping[Any, Sequence[Any]]) -> list[Any]:
    return [entries[0] for entries in declared.values() if entries]


@dataclass(frozen=True)
class Collection:
    """Everything the pages declared, and the views derived from it, computed once."""

    reports: tuple[Report, ...]  # the reports conf.py lists, in its order
    metadata: dict[str, ReportMetadata]  # page -> metadata (reports, comparative, root)
    laws: dict[str, tuple[LawEntry, ...]]  # law id -> every declaration
    assessments: dict[tuple[ReportId, int], tuple[AssessmentEntry, ...]]
    recommendations: dict[str, tuple[RecommendationEntry, ...]]  # id -> every use
    pages: frozenset[str]  # every page of the project
    # derived once, in build(): the first declaration of each key, in reading order
    assessment_list: tuple[AssessmentEntry, ...] = ()  # by report, then article
    recommendation_list: tuple[RecommendationEntry, ...] = ()  # report, article, natural id
    law_list: tuple[LawEntry, ...] = ()  # by page and line
    #: report name -> its previous edition (``previous-edition.yaml``), when it has one
    previous: dict[str, PreviousEdition] = dataclasses.field(default_factory=dict)

    @classmethod
    def build(
        cls,
        report_names: Iterable[str],
        metadata: Mapping[str, ReportMetadata],
        laws: Mapping[str, Sequence[LawEntry]],
        assessments: Mapping[tuple[str, int], Sequence[AssessmentEntry]],
        recommendations: Mapping[str, Sequence[RecommendationEntry]],
        pages: Iterable[str],
        previous: Mapping[str, PreviousEdition] | None = None,
    ) -> Collection:
        ids = [ReportId.named(name) for name in report_names]
        # the texts as the pages show them, once every law is known: a finding's law
        # citations become the law's short title with the provision (records.py, law.py)
        known = {law_id: entries[0].law for law_id, entries in laws.items() if entries}

        def shown(entries: Sequence[Any], field: str) -> list[Any]:
            return [
                dataclasses.replace(e, **{field: render_prose(getattr(e, field), known)})
                for e in entries
            ]

        assessments = {k: shown(v, "finding") for k, v in assessments.items()}
        recommendations = {k: shown(v, "text") for k, v in recommendations.items()}
        return cls(
            reports=tuple(Report(rid, metadata.get(rid)) for rid in ids),
            metadata=dict(metadata),
            laws={k: tuple(v) for k, v in laws.items() if v},
            assessments={(ReportId(r), a): tuple(v) for (r, a), v in assessments.items() if v},
            recommendations={k: tuple(v) for k, v in recommendations.items() if v},
            pages=frozenset(pages),
            assessment_list=tuple(
                sorted(
                    _first(assessments),
                    key=lambda e: (e.assessment.report, e.assessment.article),
                )
            ),
            recommendation_list=tuple(
                sorted(
                    _first(recommendations),
                    key=lambda e: (
                        e.recommendation.report,
                        e.recommendation.article,
                        natural_key(e.recommendation.id),
                    ),
                )
            ),
            law_list=tuple(sorted(_first(laws), key=lambda e: (e.docname, e.lineno))),
            previous=dict(previous or {}),
        )

    # --- reports ----------------------------------------------------------------------
    def report(self, rid: ReportId) -> Report:
        """Any report folder, listed in conf.py or not (the comparative chapter)."""
        return Report(rid, self.metadata.get(rid))

    def find_report(self, text: str) -> Report | None:
        """A listed report by folder (``spain``) or by country code (``ES``)."""
        for report in self.reports:
            if report.name == text or (report.metadata and report.country == text.upper()):
                return report
        return None

    @property
    def collection_metadata(self) -> ReportMetadata | None:
        return next((m for m in self.metadata.values() if m.kind == "collection"), None)

    def metadata_for(self, page: str) -> ReportMetadata | None:
        """The metadata that governs a page: its report's, else the collection's."""
        rid = ReportId.of_page(page)
        meta = self.metadata.get(rid) if rid is not None else None
        return meta if meta is not None else self.collection_metadata

    # --- a report's pages ---------------------------------------------------------------
    @functools.cached_property
    def _assessments_by_report(self) -> dict[str, tuple[AssessmentEntry, ...]]:
        """Each report's assessments, grouped once: pages ask for them report by report."""
        grouped: dict[str, list[AssessmentEntry]] = defaultdict(list)
        for entry in self.assessment_list:
            grouped[entry.assessment.report].append(entry)
        return {report: tuple(entries) for report, entries in grouped.items()}

    def assessments_of(self, rid: ReportId) -> list[AssessmentEntry]:
        return list(self._assessments_by_report.get(rid, ()))

    def recommendations_of(self, rid: ReportId) -> list[RecommendationEntry]:
        return [e for e in self.recommendation_list if e.recommendation.report == rid]

    def laws_of(self, rid: ReportId) -> list[LawEntry]:
        """The laws declared on the report's pages, in the order they are declared."""
        return [e for e in self.law_list if ReportId.of_page(e.docname) == rid]

    def articles_citing(self, rid: ReportId) -> dict[str, list[int]]:
        """law id -> the articles whose assessment in this report cites it, in order."""
        cited: dict[str, set[int]] = defaultdict(set)
        for entry in self.assessments_of(rid):
            for citation in entry.assessment.provisions:
                cited[citation.law_id].add(entry.assessment.article)
        return {law_id: sorted(articles) for law_id, articles in cited.items()}

    # --- editions -----------------------------------------------------------------------
    def previous_edition(self, rid: ReportId) -> PreviousEdition | None:
        return self.previous.get(rid.name)

    @functools.cached_property
    def _changes(self) -> dict[str, tuple[AssessmentChange, ...]]:
        """Each updated report's changes, compared once (cards, pages, charts, open data)."""
        return {
            name: tuple(changes(edition, (e.assessment for e in self.assessments_of(rid))))
            for name, edition in self.previous.items()
            for rid in (ReportId.named(name),)
        }

    def changes_of(self, rid: ReportId) -> list[AssessmentChange]:
        """Every article this edition or the previous one rates, with its change (empty for
        a report without a previous edition)."""
        return list(self._changes.get(rid.name, ()))

    def change_of(self, rid: ReportId, article: int) -> AssessmentChange | None:
        return next((c for c in self.changes_of(rid) if c.article == article), None)

    def updated_reports(self) -> list[Report]:
        """The reports with a previous edition, in conf.py's order."""
        return [r for r in self.reports if r.name in self.previous]

    # --- across reports -----------------------------------------------------------------
    def cell(self, rid: ReportId, article: int) -> AssessmentEntry | None:
        """The matrix: the assessment of one article in one report, if there is one."""
        entries = self.assessments.get((rid, article))
        return entries[0] if entries else None

    def assessed_in(self, article: int) -> list[AssessmentEntry]:
        """The assessments of one article, report by report."""
        return [e for e in self.assessment_list if e.assessment.article == article]

    def recommendations_by(self, by: str) -> list[tuple[Any, list[RecommendationEntry]]]:
        """The recommendations index: groups by article (in number order), by report (in
        conf.py's order) or by addressee (in the model's order), each in the collection's
        order of recommendations."""
        if by not in GROUPINGS:
            raise ValueError(f"unknown grouping {by!r}; valid: {', '.join(GROUPINGS)}")
        groups: dict[Any, list[RecommendationEntry]] = defaultdict(list)
        for e in self.recommendation_list:
            rec = e.recommendation
            key = {"article": rec.article, "country": rec.report, "addressee": rec.addressee}[by]
            groups[key].append(e)
        if by == "article":
            order: Callable[[Any], Any] = lambda k: k  # noqa: E731
        elif by == "addressee":
            rank = {a: i for i, a in enumerate(Addressee)}
            order = lambda k: rank[k]  # noqa: E731
        else:
            place = {r.id: i for i, r in enumerate(self.reports)}
            order = lambda k: (place.get(k, len(place)), k)  # noqa: E731
        return [(key, groups[key]) for key in sorted(groups, key=order)]

    # --- corpus-wide rules --------------------------------------------------------------
    def problems(self, path_of: Callable[[str], str]) -> list[Problem]:
        """Duplicates, undeclared laws, listed reports without a page or metadata; each
        located at the declaration at fault, naming the first one (``path_of`` gives a
        page's file)."""

        def where(entry: Located) -> str:
            return f"{path_of(entry.docname)}:{entry.lineno}"

        found: list[Problem] = []
        for (_report, article), entries in sorted(self.assessments.items()):
            found += [
                Problem(
                    "assessment",
                    f"assessment: article {article} is already assessed in this report, at "
                    f"{where(entries[0])}; one assessment per article and report",
                    dup,
                )
                for dup in entries[1:]
            ]
        for rec_id, entries in sorted(self.recommendations.items()):
            found += [
                Problem(
                    "recommendation",
                    f"recommendation: id {rec_id} is already used at {where(entries[0])}; "
                    "ids are unique in the whole collection",
                    dup,
                )
                for dup in entries[1:]
            ]
        for law_id, entries in sorted(self.laws.items()):
            found += [
                Problem("law", f"law: id {law_id} is already declared at {where(entries[0])}", dup)
                for dup in entries[1:]
            ]
        for entries in self.assessments.values():
            for entry in entries:
                found += [
                    Problem(
                        "law",
                        f"assessment: unknown law id '{citation.law_id}' in "
                        ":provisions:; declare it with a {law} directive",
                        entry,
                    )
                    for citation in entry.assessment.provisions
                    if citation.law_id not in self.laws
                ]
        for law_id, entries in sorted(self.laws.items()):
            law = entries[0].law
            if not law.link_has_path:
                found.append(
                    Problem(
                        "law-link",
                        f"law: {law_id} links to {law.link}, a home page; give the address of "
                        "the law's text (its ELI where the jurisdiction has one)",
                        entries[0],
                    )
                )
            if law.replaced_by and law.replaced_by not in self.laws:
                found.append(
                    Problem(
                        "law",
                        f"law: {law_id} is replaced by '{law.replaced_by}', which no {{law}} "
                        "declares",
                        entries[0],
                    )
                )
        found += self._repealed_problems()
        for report in self.reports:
            if report.id.root not in self.pages:
                found.append(
                    Problem(
                        "metadata",
                        f"report '{report.name}' is listed in shadow_reports but "
                        f"{path_of(report.id.root)} does not exist",
                        None,
                    )
                )
            elif report.metadata is None:
                found.append(
                    Problem(
                        "metadata",
                        "report metadata missing: add a {report} directive after the title",
                        Located(report.id.root, 1),
                    )
                )
        return found

    def _repealed_problems(self) -> list[Problem]:
        """A rated assessment whose provisions rest on a repealed law, without citing the law
        that replaced it beside it (a transitional case says so by citing both)."""
        laws = self.law_map()
        found = []
        for entry in self.assessment_list:
            a = entry.assessment
            if not (a.in_law.is_assessed or a.in_practice.is_assessed):
                continue
            cited = {c.law_id for c in a.provisions}
            for law_id in sorted(cited):
                law = laws.get(law_id)
                if law is None or law.status is not LawStatus.REPEALED:
                    continue
                if law.replaced_by and law.replaced_by in cited:
                    continue
                instead = f" (replaced by {law.replaced_by})" if law.replaced_by else ""
                found.append(
                    Problem(
                        "repealed-law",
                        f"assessment: article {a.article} is rated on {law_id}, which is "
                        f"repealed{instead}; cite the law in force, or cite both where the "
                        "old law still governs transitional cases",
                        entry,
                    )
                )
        return found

    # --- open data ----------------------------------------------------------------------
    def law_map(self) -> dict[str, LegalInstrument]:
        """law id -> the law (its first declaration)."""
        return {law_id: entries[0].law for law_id, entries in self.laws.items()}

    def open_data(self, language: str, labels: Labels, url: Url) -> dict[str, list[dict]]:
        """The records of the open data (``assessments.json``), JSON-ready, in the
        collection's order; the adapter adds the envelope (schema, language, licence).

        Every record names its language and the status of the report it comes from, so a
        record taken out of the file still says whether its rating is illustrative; the
        texts are the page's (law citations as short titles with provisions)."""
        laws_by_id = self.law_map()
        status_of = {r.name: r.metadata.status.value for r in self.reports if r.metadata}

        def report_status(name: str) -> str:
            if name in status_of:
                return status_of[name]
            meta = self.metadata.get(ReportId(name)) if name else None
            meta = meta or self.collection_metadata
            return meta.status.value if meta is not None else ""

        reports = [
            {
                "id": r.name,
                "country": r.metadata.country,
                "country_name": country_name(r.metadata.country, language),
                "organisations": list(r.metadata.organisations),
                "edition": r.metadata.edition,
                "date": r.metadata.date.isoformat(),
                "as_of": r.metadata.law_date.isoformat(),
                "status": r.metadata.status.value,
                "language": language,
                "previous_edition": self._previous_record(r),
            }
            for r in self.reports
            if r.metadata is not None
        ]
        laws = []
        for law_id, entries in sorted(self.laws.items()):
            entry, law = entries[0], entries[0].law
            rid = ReportId.of_page(entry.docname)
            meta = self.metadata_for(entry.docname)
            name = rid.name if rid is not None else ""
            laws.append(
                {
                    "id": law_id,
                    "report": name,
                    "country": meta.country if meta is not None and meta.kind == "report" else "",
                    "title": law.title,
                    "short_title": law.short_title,
                    "date": law.date.isoformat() if law.date else None,
                    "reference": law.reference,
                    "url": law.link or None,
                    "eli": law.eli or None,
                    "status": law.status.value,
                    "replaced_by": law.replaced_by or None,
                    "report_status": report_status(name),
                    "language": language,
                    "page": url(entry.docname, law_anchor(law_id)),
                }
            )

        def coded(rating: Rating) -> dict[str, str]:
            return {"code": rating.code, "label": labels.rating(rating)}

        change_by = {
            (c.report, c.article): c for r in self.updated_reports() for c in self.changes_of(r.id)
        }
        assessments = []
        for entry in self.assessment_list:
            a = entry.assessment
            moved = change_by.get((a.report.name, a.article))
            edition = self.previous.get(a.report.name)
            before = edition.rating(a.article) if edition is not None else None
            assessments.append(
                {
                    "report": a.report.name,
                    "article": a.article,
                    "part": convention().articles[a.article].part.roman,
                    "subject": labels.subject(a.article),
                    "in_law": {"code": a.in_law.code, "label": labels.rating(a.in_law)},
                    "in_practice": {
                        "code": a.in_practice.code,
                        "label": labels.rating(a.in_practice),
                    },
                    "provisions": [
                        {
                            "law": c.law_id,
                            "provision": c.provision or None,
                            "text": LawMention(c).render(laws_by_id),
                        }
                        for c in a.provisions
                    ],
                    "finding": render_prose(entry.finding, laws_by_id),  # rendered in build()
                    "recommendations": [r.id for r in a.recommendations],
                    # None: the report has no previous edition, or it did not list the article;
                    # the change is None too when neither edition rates it
                    "previous_ratings": (
                        {"in_law": coded(before.in_law), "in_practice": coded(before.in_practice)}
                        if before is not None
                        else None
                    ),
                    "change": (
                        {"code": moved.change.code, "label": labels.change(moved.change)}
                        if moved is not None
                        else None
                    ),
                    "url": url(entry.docname, entry.anchor),
                    "report_status": report_status(a.report.name),
                    "language": language,
                }
            )
        recommendations = [
            {
                "id": e.recommendation.id,
                "report": e.recommendation.report.name,
                "article": e.recommendation.article,
                "subject": labels.subject(e.recommendation.article),
                "addressee": {
                    "code": e.recommendation.addressee.value,
                    "label": labels.addressee(e.recommendation.addressee),
                },
                "priority": {
                    "code": e.recommendation.priority.value,
                    "label": labels.priority(e.recommendation.priority),
                },
                "text": render_prose(e.text, laws_by_id),
                "url": url(e.docname, e.anchor),
                "report_status": report_status(e.recommendation.report.name),
                "language": language,
            }
            for e in self.recommendation_list
        ]
        return {
            "reports": reports,
            "laws": laws,
            "assessments": assessments,
            "recommendations": recommendations,
        }

    def _previous_record(self, report: Report) -> dict[str, Any] | None:
        edition = self.previous.get(report.name)
        if edition is None:
            return None
        return {
            "edition": edition.edition,
            "title": edition.title,
            "date": edition.date.isoformat(),
            "status": edition.status.value,
            "no_longer_assessed": [
                c.article for c in self.changes_of(report.id) if c.change is Change.DROPPED
            ],
            "recommendations": [
                {
                    "id": rec.id,
                    "article": rec.article,
                    "follow_up": rec.follow_up.code if rec.follow_up is not None else None,
                }
                for rec in edition.recommendations
            ],
        }

    # --- charts -------------------------------------------------------------------------
    def chart_input(
        self,
        chart: str,
        needs: str,
        language: str,
        translate: Callable[[str], str],
        parts: str = "",
        report: Report | None = None,
        progress: Sequence[ProgressRow] = (),
    ) -> ChartInput:
        """What the script of ``chart`` receives: the reports it shows (``report`` alone
        when the script needs one), their assessments, the facts it asked for, and the
        display names in ``language``."""
        shown = [report] if needs == "report" and report is not None else list(self.reports)
        metas = tuple((r.name, r.metadata) for r in shown if r.metadata is not None)
        names = {meta.country: country_name(meta.country, language) for _, meta in metas}
        names.update({f"part-{p.roman}": translate(p.title) for p in convention().parts})
        assessments: tuple = ()
        moved: tuple = ()
        if needs in ("report", "collection"):
            assessments = tuple(e.assessment for r in shown for e in self.assessments_of(r.id))
            moved = tuple(c for r in shown for c in self.changes_of(r.id))
        parties = ratifications() if needs == "ratifications" else ()
        signed = signatories() if needs == "ratifications" else ()
        names.update({p.iso: country_name(p.iso, language) for p in (*parties, *signed) if p.iso})
        return ChartInput(
            chart=chart,
            language=language,
            options=(("part", parts),) if parts else (),
            reports=metas,
            assessments=assessments,
            ratifications=parties,
            signatories=signed,
            progress=tuple(progress) if needs == "translation" else (),
            changes=moved,
            names=tuple(sorted(names.items())),
        )
