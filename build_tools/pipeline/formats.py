"""The formats, registered: what each one builds, with which Sphinx builder, what else it
fingerprints, what it publishes where. The planner, the job, the summary and the CLI read
this registry; none of them names a format. Adding a format is adding an entry here.

Every format's job shares the rest (:mod:`build_tools.pipeline.jobs`): the fingerprint
that skips it when nothing changed, the private work folder, publication only of a
complete result (:mod:`build_tools.pipeline.publish`), its row in the summary, its log
``_build/logs/<lang>-<format>.log`` and its record in ``results.json``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from build_tools.outputs import OPEN_DATA_DIR
from build_tools.pipeline.jobs import (
    RENDERING_PARTS,
    Fingerprints,
    Item,
    Job,
    JobError,
    Stage,
    Work,
)
from build_tools.pipeline.project import Project
from build_tools.pipeline.publish import publish_file, publish_tree


class Format:
    """One output format; subclasses say how it is built and published."""

    name: ClassVar[str]
    builder: ClassVar[str]  # the Sphinx builder
    #: scheduling: the longest first, so the short ones fill the gaps
    order: ClassVar[int] = 5
    #: what the job's targets are, if it has any ("volumes", "reports")
    targets: ClassVar[str] = ""
    #: the parts of build_tools whose change rewrites every page of this format
    parts: ClassVar[tuple[str, ...]] = RENDERING_PARTS
    #: the folder of the work folder that Sphinx writes into
    sphinx_out: ClassVar[str] = "out"
    #: built by ``build`` when no format is named
    default: ClassVar[bool] = True
    #: offered for download on the site (``pipeline/downloads.py``, after the run's jobs)
    downloaded: ClassVar[bool] = True
    #: the shared Sphinx build the format reads instead of a build of its own
    stage: ClassVar[Stage | None] = None
    #: the shared read of the sources its own Sphinx build writes from
    read: ClassVar[Stage | None] = None

    @property
    def work_name(self) -> str:
        return self.name

    @property
    def stages(self) -> tuple[str, ...]:
        """The stages its jobs read, by name: its own, and the shared read under it."""
        chain = (self.read, self.stage, self.stage.read if self.stage else None)
        return tuple(dict.fromkeys(stage.name for stage in chain if stage is not None))

    def published(self, project: Project, job: Job) -> Path:
        return project.build_dir / self.name / job.language

    def valid_targets(self, project: Project) -> tuple[str, ...]:
        return ()

    def outputs(self, project: Project, job: Job) -> list[Path]:
        """What must exist for the job to count as up to date."""
        raise NotImplementedError

    def sphinx_overrides(self, project: Project, job: Job) -> list[tuple[str, str]]:
        return []

    def extra_inputs(self, project: Project, job: Job, known: Fingerprints) -> list[str]:
        """Fingerprints of inputs beyond the sources, PO files, charts and tools."""
        return []

    def build(self, work: Work) -> Sequence[Item]:
        """Build into ``work``'s folder and publish; raise JobError when a step fails."""
        raise NotImplementedError

    def finish(self, project: Project) -> None:
        """After every job of a run: what the format's jobs of all languages share."""
        if self.downloaded:
            from build_tools.pipeline.downloads import publish_downloads

            publish_downloads(project)  # the site's copies and sizes follow this run's files


#: the sources of a language read once, for every format: the HTML, the EPUB and the
#: ``singlehtml`` stage copy its doctrees and only write (:func:`jobs.shared_read`,
#: :mod:`build_tools.sphinx_ext.shared_read`). Sphinx reads everything again when the
#: extensions or an ``env`` setting differ, so every reader loads the same extensions,
#: the typst and Word one included (it acts only when ``singlehtml`` writes), and none
#: sets an ``env`` setting of its own (citations are numbered everywhere: conf.py).
#: Measured on the shipped corpus from clean, ``--jobs 1``, CPU seconds (user+sys) on a
#: shared 2-core machine (load 1-5): ``build html pdf epub docx`` of the three languages
#: 360 before (three reads per language: HTML, EPUB, ``singlehtml``), 302 after (one read
#: and three builds that read no page; copying the doctrees takes 0.03-0.12 s). Through
#: the stage, a format built alone would pay one more Sphinx process (start-up, the
#: environment pickled and loaded): HTML of en 23.6 -> 27.0, EPUB 20.2 -> 22.9. So the
#: HTML or EPUB job that is the only one of its run to need its language's read reads
#: in its own process instead (:meth:`jobs.Work.reads_alone`); the typst PDF and Word
#: always write from the stage. Measured from clean, ``--jobs 1``, CPU s, two runs each
#: on the same machine under load 7-12 (noisy): HTML of en 34.6, 36.5 -> 27.0, 25.0;
#: EPUB 32.8, 32.1 -> 29.8, 31.3; the same bytes.
#: ``PDF_ENGINE=latex`` keeps its own read: ``shadow_pdf_reports`` (its volumes) is an
#: ``env`` setting of the LaTeX writer.
READ = Stage(
    "read",
    "shadow-read",
    parts=RENDERING_PARTS,
    extensions=("build_tools.typst.sphinx_typst",),
    made="doctrees/environment.pickle",
)


class Html(Format):
    name, builder, order, read = "html", "html", 4, READ

    def outputs(self, project: Project, job: Job) -> list[Path]:
        return [
            self.published(project, job) / "index.html",
            project.build_dir / "data" / job.language,
        ]

    def build(self, work: Work) -> Sequence[Item]:
        work.sphinx()
        publish_tree(work.outdir, work.published, ignore=(".buildinfo", ".doctrees"))
        # the open data the HTML build wrote (assessments.json, CSV): _build/data/<lang>/
        if (work.outdir / OPEN_DATA_DIR).is_dir():
            data = work.project.build_dir / "data" / work.job.language
            publish_tree(work.outdir / OPEN_DATA_DIR, data)
        return ()

    def finish(self, project: Project) -> None:
        from build_tools.pipeline.language_index import write_language_index

        write_language_index(project)  # _build/html/index.html, a link to each language
        super().finish(project)


#: the PDF engines; ``PDF_ENGINE`` (Makefile variable or environment) picks one
PDF_ENGINES = ("typst", "latex")
DEFAULT_PDF_ENGINE = "typst"


def pdf_engine(environ: dict[str, str] | None = None) -> str:
    """``PDF_ENGINE`` from the environment, else the default; an unknown one is an error."""
    value = (environ if environ is not None else os.environ).get("PDF_ENGINE", "").strip()
    engine = value or DEFAULT_PDF_ENGINE
    if engine not in PDF_ENGINES:
        raise ValueError(f"PDF_ENGINE={value!r}: valid engines are {', '.join(PDF_ENGINES)}")
    return engine


#: the ``singlehtml`` page of a language, read by the typst PDF and by Word, written from
#: the shared read (or reading the sources itself when no other job of the run needs the
#: read, :meth:`jobs.Work.reads_alone`). A run whose jobs print or export only reports
#: (``--reports``) gets the page of those reports only (its ``scope``,
#: :mod:`build_tools.typst.reports_page`). The extension the read loads for it serves
#: both readers (``sphinx_typst`` sets up ``word.sphinx_docx``): unique footnote ids,
#: translation notes, passages left in the source language marked, the two manifests.
SINGLEHTML = Stage(
    "singlehtml",
    "singlehtml",
    parts=(*RENDERING_PARTS, "word", "typst"),
    settings=(("html_permalinks", "0"),),
    read=READ,
    scope="shadow_page_reports",  # build_tools/typst/reports_page.py
)


class Pdf(Format):
    """One PDF per report and the collection, through Sphinx's LaTeX builder and XeLaTeX
    (``PDF_ENGINE=latex``)."""

    name, builder, order, targets = "pdf", "latex", 0, "volumes"

    def valid_targets(self, project: Project) -> tuple[str, ...]:
        return project.pdf_volumes

    def outputs(self, project: Project, job: Job) -> list[Path]:
        return [self.published(project, job) / f"{volume}.pdf" for volume in job.targets]

    def sphinx_overrides(self, project: Project, job: Job) -> list[tuple[str, str]]:
        return [("shadow_pdf_reports", ",".join(job.targets))]

    def build(self, work: Work) -> Sequence[Item]:
        work.sphinx()
        if shutil.which("latexmk") is None:
            raise JobError(
                "latexmk not found: run 'make setup PDF_ENGINE=latex' to install TeX Live"
            )
        for volume in work.job.targets:
            work.run(["make", "-C", str(work.outdir), f"{volume}.pdf", "LATEXMKOPTS=-silent"])
        for volume in work.job.targets:
            pdf = work.outdir / f"{volume}.pdf"
            if not pdf.is_file():
                raise JobError(f"LaTeX wrote no {pdf.name}")
            publish_file(pdf, work.published / pdf.name)
        return ()


class PdfTypst(Pdf):
    """The same volumes through Typst (:mod:`build_tools.typst`): the ``singlehtml``
    page of the language, one cleaned HTML per volume, pandoc's typst writer, the typst
    compiler; tagged PDF/UA-1, no TeX Live. Its own work folder (``pdf-typst``), so that
    switching engines never mixes their files; a volume whose inputs did not change is
    not typeset again."""

    builder, stage = "singlehtml", SINGLEHTML
    parts = SINGLEHTML.parts

    @property
    def work_name(self) -> str:
        return "pdf-typst"

    def sphinx_overrides(self, project: Project, job: Job) -> list[tuple[str, str]]:
        return []

    def extra_inputs(self, project: Project, job: Job, known: Fingerprints) -> list[str]:
        from build_tools.typst.render import engine_identity

        return [engine_identity()]

    def build(self, work: Work) -> Sequence[Item]:
        from build_tools.typst.job import typst_job

        return typst_job(work)


class Epub(Format):
    name, builder, order, read = "epub", "epub", 2, READ

    def outputs(self, project: Project, job: Job) -> list[Path]:
        return [self.published(project, job) / f"{project.collection_name}.epub"]

    def build(self, work: Work) -> Sequence[Item]:
        work.sphinx()
        name = f"{work.project.collection_name}.epub"
        if not (work.outdir / name).is_file():
            raise JobError(f"Sphinx wrote no {name}")
        publish_file(work.outdir / name, work.published / name)
        return ()


class Docx(Format):
    """One Word file per report (:mod:`build_tools.word.export`): the ``singlehtml``
    page of the language (the stage the typst PDF reads too), then pandoc for each
    report whose part of that page changed."""

    name, builder, order, targets = "docx", "singlehtml", 1, "reports"
    stage, parts = SINGLEHTML, SINGLEHTML.parts

    def valid_targets(self, project: Project) -> tuple[str, ...]:
        return project.reports

    def outputs(self, project: Project, job: Job) -> list[Path]:
        return [self.published(project, job) / f"{report}.docx" for report in job.targets]

    def extra_inputs(self, project: Project, job: Job, known: Fingerprints) -> list[str]:
        from build_tools.word.pandoc import pandoc_identity

        return [pandoc_identity()]

    def build(self, work: Work) -> Sequence[Item]:
        from build_tools.word.export import export_job

        return export_job(work)


class Submission(Docx):
    """The Word file for the UN Committee (:mod:`build_tools.word.submission`): the same
    conversion with a cover page and the profile's chapters; only when asked for."""

    name, order, default, downloaded = "submission", 1, False, False

    def extra_inputs(self, project: Project, job: Job, known: Fingerprints) -> list[str]:
        from build_tools.word.submission import PROFILE

        return [*super().extra_inputs(project, job, known), known.of([job.profile or PROFILE])]

    def build(self, work: Work) -> Sequence[Item]:
        from build_tools.word.submission import submission_job

        return submission_job(work)


PDF_FORMATS: dict[str, Format] = {"typst": PdfTypst(), "latex": Pdf()}
FORMATS: dict[str, Format] = {
    f.name: f for f in (Html(), PDF_FORMATS[pdf_engine()], Epub(), Docx(), Submission())
}
#: what ``build`` builds when no format is named
DEFAULT_FORMATS = tuple(name for name, f in FORMATS.items() if f.default)
