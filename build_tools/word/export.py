"""``_build/docx/<lang>/<report>.docx``: each report, in each language, as a Word file.

The ``docx`` format of the pipeline (:mod:`build_tools.pipeline.formats`): a job per
language, skipped like any other when none of its inputs changed. It reads the
``singlehtml`` page of its language, the stage it shares with the typst PDF
(:data:`build_tools.pipeline.formats.SINGLEHTML`: one incremental Sphinx build, with this
package's small extension, :mod:`build_tools.word.sphinx_docx`, for unique footnote ids,
translation notes and a manifest of the reports), which gives the whole collection as one
page (or, for a run that exports only some reports, those reports); each report's part
of that page is cleaned (:mod:`build_tools.word.clean`) and converted by pandoc with the
reference document, but only when that part (or anything else pandoc reads for it) changed
since its last conversion: an edit of one page of one report converts that report alone.
As in the rest of the pipeline, every file is written in a work folder and copied into
``_build/docx/`` only when it is complete, and only if its bytes changed.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from build_tools.dates import day_epoch
from build_tools.pipeline.jobs import Item, JobError, Work
from build_tools.pipeline.publish import publish_file
from build_tools.pipeline.stamps import read_stamp, write_stamp
from build_tools.word.clean import CleanReport, clean_report
from build_tools.word.manifest import Manifest, ReportInfo
from build_tools.word.pandoc import (
    InputError,
    WordError,
    pandoc_identity,
    pandoc_version,
    run_pandoc,
    svg_converter,
)
from build_tools.word.reference import REFERENCE_DOCX

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


@dataclass(frozen=True)
class Prepared:
    """A report ready for pandoc: its cleaned page and pandoc's arguments, and the key of
    everything the conversion reads (same key, same Word file)."""

    report: ReportInfo
    cleaned: CleanReport
    arguments: tuple[str, ...]
    options: ConvertOptions
    key: str


def prepare_report(
    outdir: Path,
    manifest: Manifest,
    report: ReportInfo,
    options: ConvertOptions | None = None,
    tools: str = "",
) -> Prepared:
    """Clean one report of a ``singlehtml`` output folder for pandoc (nothing written)."""
    options = options or ConvertOptions()
    if not options.reference.is_file():
        raise WordError(
            f"{options.reference}: no reference document; make one with "
            "'python -m build_tools.word reference'"
        )
    page = (outdir / "index.html").read_text(encoding="utf-8")
    cleaned = clean_report(page, report, outdir, options.chapters, options.cover_html)
    arguments = pandoc_arguments(report, manifest.language, manifest.collection, cleaned, options)
    digest = hashlib.sha256()
    for part in (tools, pandoc_identity(), report.date, *arguments, cleaned.html):
        digest.update(part.encode() + b"\0")
    for path in (options.reference, *cleaned.images):
        digest.update(str(path).encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"missing")
    return Prepared(report, cleaned, tuple(arguments), options, digest.hexdigest())


def convert_prepared(
    outdir: Path, manifest: Manifest, prepared: Prepared, target: Path
) -> Exported:
    """Run pandoc on a prepared report -> ``target`` (.docx)."""
    report, cleaned, options = prepared.report, prepared.cleaned, prepared.options
    if any(p.suffix == ".svg" for p in cleaned.images) and svg_converter() is None:
        raise WordError(
            "rsvg-convert not found: without it the charts are SVG only, which Word 2013 "
            "and LibreOffice show as empty frames; install the Debian package "
            "librsvg2-bin ('make setup')"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    # beside the Word file, not in the page's folder, which other jobs read; the images'
    # relative paths hold from the page's folder (the resource path)
    html_path = target.with_name(f".{target.stem}.pandoc.html")
    html_path.write_text(cleaned.html, encoding="utf-8")
    staging = target.with_name(f".{target.name}.staging")
    try:
        run = run_pandoc(
            [
                *prepared.arguments,
                "--resource-path",
                str(outdir),
                "-o",
                str(staging),
                str(html_path),
            ],
            source_date_epoch=day_epoch(report.date),
        )
    finally:
        html_path.unlink(missing_ok=True)
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


def convert_report(
    outdir: Path,
    manifest: Manifest,
    report: ReportInfo,
    target: Path,
    options: ConvertOptions | None = None,
) -> Exported:
    """One report of a ``singlehtml`` output folder -> ``target`` (.docx)."""
    prepared = prepare_report(outdir, manifest, report, options)
    return convert_prepared(outdir, manifest, prepared, target)


def counts(cleaned: CleanReport) -> dict[str, int]:
    return {
        "footnotes": cleaned.footnotes,
        "images": len(cleaned.images),
        "links_to_text": cleaned.links_to_text,
    }


def convert_reports(
    work: Work,
    options_of: Callable[[Manifest, ReportInfo], ConvertOptions],
    describe: Callable[[Item], str],
    facts: Callable[[Path], dict[str, int]] | None = None,
) -> list[Item]:
    """Every report of a job from its ``singlehtml`` build, each converted only if its key
    differs from the one of its last conversion (or its Word file is missing). pandoc runs
    for as many reports at once as the run leaves the job cores (``Work.parallel``); the
    reports are published and reported in their order, the first failure raised."""
    manifest = Manifest.read(work.outdir)
    prepared: list[Prepared] = []
    for name in work.job.targets:
        report = manifest.report(name)
        prepared.append(
            prepare_report(work.outdir, manifest, report, options_of(manifest, report), work.tools)
        )

    def stale(one: Prepared) -> bool:
        stamp = work.folder / "converted" / one.report.name
        published = work.published / f"{one.report.name}.docx"
        return read_stamp(stamp) != one.key or not published.is_file()

    def convert(one: Prepared) -> Exported:
        target = work.folder / "out" / f"{one.report.name}.docx"
        return convert_prepared(work.outdir, manifest, one, target)

    todo = [one for one in prepared if stale(one)]
    with ThreadPoolExecutor(max_workers=max(1, min(len(todo), work.parallel()))) as pool:
        made = {one.report.name: pool.submit(convert, one) for one in todo}
    items: list[Item] = []
    for one in prepared:
        name = one.report.name
        published = work.published / f"{name}.docx"
        if name in made:
            exported = made[name].result()  # a failed conversion: raised, in report order
            state = "written" if publish_file(exported.path, published) else "unchanged"
            write_stamp(work.folder / "converted" / name, one.key)
            warnings = exported.warnings
        else:
            state, warnings = "reused", ()
        extra = facts(published) if facts else {}
        item = Item(name, published, state, counts(one.cleaned) | extra, warnings)
        work.say(describe(item))
        for warning in warnings:
            work.say(f"    warning: {warning}")
        items.append(item)
    return items


def describe_export(item: Item) -> str:
    c = item.counts
    return (
        f"{item.name}: {item.state} {item.path} ({c['footnotes']} footnotes, "
        f"{c['images']} images, {c['links_to_text']} links to other pages as text)"
    )


def export_job(work: Work) -> list[Item]:
    """The ``docx`` job of one language: the single page, then the reports' Word files."""
    work.say(f"Word export with {versions()}")
    try:
        work.stage()
        return convert_reports(work, lambda manifest, report: ConvertOptions(), describe_export)
    except InputError as error:
        raise JobError(str(error), refused=True) from None
    except WordError as error:
        raise JobError(str(error)) from None
