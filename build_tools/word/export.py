"""``_build/docx/<lang>/<report>.docx``: each report, in each language, as a Word file.

One Sphinx ``singlehtml`` build per language gives the whole collection as one page (with
this package's small extension, :mod:`build_tools.word.sphinx_docx`, for unique footnote
ids, translation notes and a manifest of the reports); each report's part of that page is
cleaned (:mod:`build_tools.word.clean`) and converted by pandoc with the reference
document. As in the rest of the pipeline, every file is written in a work folder and
copied into ``_build/docx/`` only when it is complete, and only if its bytes changed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from sphinx.config import Config
from sphinx.util.tags import Tags

from build_tools.pipeline.jobs import STRICT
from build_tools.pipeline.project import Project
from build_tools.pipeline.publish import publish_file
from build_tools.word.clean import CleanReport, clean_report
from build_tools.word.manifest import Manifest, ReportInfo
from build_tools.word.pandoc import WordError, pandoc_version, run_pandoc, svg_converter
from build_tools.word.reference import REFERENCE_DOCX

SPHINX_EXTENSION = "build_tools.word.sphinx_docx"
# pandoc's HTML reader: no identifiers made up from heading text (each would become a
# Word bookmark); the cleaner keeps the ids that links need
PANDOC_FROM = "html-auto_identifiers"
PNG_DPI = 200  # the PNG copy of each SVG chart, for print from older Word and LibreOffice

Log = Callable[[str], None]


@dataclass(frozen=True)
class Exported:
    """One Word file written, and what the conversion had to say."""

    language: str
    report: str
    path: Path
    title: str
    footnotes: int
    images: int
    links_to_text: int
    warnings: tuple[str, ...] = ()


@dataclass
class ConvertOptions:
    reference: Path = REFERENCE_DOCX
    chapters: Sequence[str] | None = None  # page names to keep; None: every page
    cover_html: str = ""  # blocks before the report's text (the submission's cover page)
    extra_metadata: dict[str, str] = field(default_factory=dict)


def versions() -> str:
    """``pandoc 3.9 (pypandoc-binary 1.17)``: printed by every export."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        wheel = f" (pypandoc-binary {version('pypandoc_binary')})"
    except PackageNotFoundError:
        wheel = ""
    return f"pandoc {pandoc_version()}{wheel}"


def conf_extensions(root: Path) -> list[str]:
    """The extensions conf.py declares (the export adds its own to them)."""
    cwd = os.getcwd()
    try:
        config = Config.read(root, overrides={}, tags=Tags())
    finally:
        os.chdir(cwd)
    return [str(e) for e in config._raw_config.get("extensions", [])]


def singlehtml_command(project: Project, language: str, outdir: Path, doctrees: Path) -> list[str]:
    """The Sphinx command of a language's Word export (strict, like every build)."""
    extensions = [*conf_extensions(project.root), SPHINX_EXTENSION]
    return [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        "singlehtml",
        "-c",
        str(project.root),
        "-d",
        str(doctrees),
        "-D",
        f"language={language}",
        "-D",
        f"extensions={','.join(dict.fromkeys(extensions))}",
        "-D",
        "html_permalinks=0",
        "-D",
        f"shadow_chart_cache={project.build_dir / '.charts'}",
        *STRICT,
        "-q",
        str(project.srcdir),
        str(outdir),
    ]


def build_singlehtml(project: Project, language: str, work: Path, log_path: Path) -> Path:
    """The whole collection in ``language`` as one page; returns the output folder."""
    outdir, doctrees = work / "singlehtml", work / "doctrees"
    command = singlehtml_command(project, language, outdir, doctrees)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w", encoding="utf-8") as log:
        log.write(f"$ {' '.join(command)}\n")
        log.flush()
        completed = subprocess.run(
            command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, check=False
        )
    if completed.returncode != 0:
        tail = log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
        raise WordError(
            f"the {language} single-page build failed (see {log_path}):\n  " + "\n  ".join(tail)
        )
    return outdir


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PANDOC_TEXT_WIDTH = 7920  # twips: the text width pandoc assumes for its table grids


def text_width(reference: Path) -> int:
    """The width between the margins of the reference document's page, in twips."""
    with zipfile.ZipFile(reference) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    section = root.find(f".//{W}sectPr")
    size = section.find(f"{W}pgSz") if section is not None else None
    margins = section.find(f"{W}pgMar") if section is not None else None
    if size is None or margins is None:
        return PANDOC_TEXT_WIDTH
    return int(size.get(f"{W}w")) - int(margins.get(f"{W}left")) - int(margins.get(f"{W}right"))


def widen_tables(docx: Path, width: int) -> None:
    """pandoc sizes the columns of a full-width table for a 5.5 inch text block; Word
    stretches them to the page, LibreOffice does not: scale the grid to the real width.
    Only ``word/document.xml`` changes; the other members keep their bytes and dates."""
    with zipfile.ZipFile(docx) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    changed = False
    rewritten = []
    for info, data in members:
        if info.filename == "word/document.xml":
            root = etree.fromstring(data)
            for table in root.iter(f"{W}tbl"):
                preferred = table.find(f"{W}tblPr/{W}tblW")
                columns = table.findall(f"{W}tblGrid/{W}gridCol")
                if preferred is None or preferred.get(f"{W}type") != "pct" or not columns:
                    continue
                total = sum(int(c.get(f"{W}w", "0")) for c in columns) or 1
                wanted = width * int(preferred.get(f"{W}w", "5000")) // 5000
                for column in columns:
                    column.set(f"{W}w", str(int(column.get(f"{W}w", "0")) * wanted // total))
                changed = True
            data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        rewritten.append((info, data))
    if not changed:
        return
    staging = docx.with_name(f".{docx.name}.widen")
    with zipfile.ZipFile(staging, "w") as archive:
        for info, data in rewritten:
            archive.writestr(info, data, compress_type=info.compress_type)
    staging.replace(docx)


def _epoch(date: str) -> int:
    """The report's date as the date inside the .docx: same input, same bytes."""
    day = dt.date.fromisoformat(date)
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def pandoc_arguments(
    report: ReportInfo,
    language: str,
    collection: str,
    cleaned: CleanReport,
    options: ConvertOptions,
) -> list[str]:
    metadata = {
        "title": cleaned.title,
        "subtitle": collection,
        "date": report.date_text,
        "lang": language,
        "subject": collection,
        "description": f"{report.edition}. {report.status_label}.",
        **options.extra_metadata,
    }
    args = ["-f", PANDOC_FROM, "-t", "docx", "--reference-doc", str(options.reference)]
    args += ["--dpi", str(PNG_DPI)]
    for key, value in metadata.items():
        args += ["--metadata", f"{key}={value}"]
    for organisation in report.organisations:  # several authors: a list in core.xml
        args += ["--metadata", f"author={organisation}"]
    return args


def convert_report(
    outdir: Path,
    manifest: Manifest,
    report: ReportInfo,
    target: Path,
    options: ConvertOptions | None = None,
) -> Exported:
    """One report of a ``singlehtml`` output folder -> ``target`` (.docx)."""
    options = options or ConvertOptions()
    if not options.reference.is_file():
        raise WordError(
            f"{options.reference}: no reference document; make one with "
            "'python -m build_tools.word reference'"
        )
    page = (outdir / "index.html").read_text(encoding="utf-8")
    cleaned = clean_report(page, report, outdir, options.chapters, options.cover_html)
    if any(p.suffix == ".svg" for p in cleaned.images) and svg_converter() is None:
        raise WordError(
            "rsvg-convert not found: without it the charts are SVG only, which Word 2013 "
            "and LibreOffice show as empty frames; install the Debian package "
            "librsvg2-bin ('make setup')"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    # beside the build's page: the images' relative paths hold from there
    html_path = outdir / f"docx-{report.name}.html"
    html_path.write_text(cleaned.html, encoding="utf-8")
    staging = target.with_name(f".{target.name}.staging")
    run = run_pandoc(
        [
            *pandoc_arguments(report, manifest.language, manifest.collection, cleaned, options),
            "--resource-path",
            str(outdir),
            "-o",
            str(staging),
            str(html_path),
        ],
        source_date_epoch=_epoch(report.date),
    )
    widen_tables(staging, text_width(options.reference))
    staging.replace(target)
    return Exported(
        language=manifest.language,
        report=report.name,
        path=target,
        title=cleaned.title,
        footnotes=cleaned.footnotes,
        images=len(cleaned.images),
        links_to_text=cleaned.links_to_text,
        warnings=tuple(cleaned.warnings + run.warnings),
    )


def export(
    project: Project,
    languages: Iterable[str],
    reports: Iterable[str],
    *,
    destination: Path | None = None,
    options: ConvertOptions | None = None,
    log: Log = print,
) -> list[Exported]:
    """Every (language, report) asked for, published into ``destination/<lang>/``."""
    languages, reports = list(languages), list(reports)
    destination = destination or project.build_dir / "docx"
    log(f"Word export with {versions()}")
    done: list[Exported] = []
    for language in languages:
        work = project.work_dir / language / "docx"
        outdir = build_singlehtml(project, language, work, project.log_dir / f"{language}-docx.log")
        manifest = Manifest.read(outdir)
        for name in reports:
            report = manifest.report(name)
            made = convert_report(outdir, manifest, report, work / "out" / f"{name}.docx", options)
            published = destination / language / f"{name}.docx"
            changed = publish_file(made.path, published)
            done.append(dataclasses.replace(made, path=published))
            state = "written" if changed else "unchanged"
            log(
                f"[{language} docx] {name}: {state} {published} ({made.footnotes} footnotes, "
                f"{made.images} images, {made.links_to_text} links to other pages as text)"
            )
            for warning in made.warnings:
                log(f"    warning: {warning}")
    return done
