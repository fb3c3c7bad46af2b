"""The ``pdf`` job of one language with the typst engine: one ``singlehtml`` build (the one
the Word export makes, plus :mod:`.sphinx_typst`), then for each volume its HTML
(:mod:`.volume`), pandoc, typst. A volume is typeset again only when its key changed:
its cleaned HTML, its metadata, its images, the template, filter and tools; an edit of
one page of one report typesets that report (and the collection, which holds it)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from build_tools.dates import build_date
from build_tools.pipeline.jobs import Item, JobError, Work
from build_tools.pipeline.publish import publish_file
from build_tools.pipeline.stamps import read_stamp, write_stamp
from build_tools.typst.render import (
    TypstError,
    VolumeMeta,
    compile_pdf,
    engine_identity,
    language_name,
    pandoc_typst,
    print_date,
    typst_version,
    write_shared,
    write_sources,
)
from build_tools.typst.sphinx_typst import MANIFEST
from build_tools.typst.volume import VolumeHtml, print_choices, volume_html
from build_tools.word.manifest import Manifest, ReportInfo
from build_tools.word.pandoc import WordError, pandoc_version

PROVISIONAL = ("draft", "sample")


def _cite(authors: str, year: str, title: str, edition: str, publisher: str) -> str:
    parts = [f"{authors} ({year}). {title}."]
    if edition:
        parts.append(f"{edition}.")
    if publisher and publisher != authors:
        parts.append(f"{publisher}.")
    return " ".join(parts)


def report_meta(report: ReportInfo, about: dict, contents_depth: int) -> VolumeMeta:
    words, language = about["words"], about["language"]
    day = dt.date.fromisoformat(report.date)
    date = print_date(day, language)
    authors = "; ".join(report.organisations)
    cover = [
        (words["Country"], report.country_name),
        (words["Authoring organisations"], authors),
        (words["Edition"], report.edition),
        (words["Date"], date),
        (words["Status"], report.status_label),
        (words["Language"], language_name(language)),
    ]
    short = report.country_name or report.title.split(":")[0]
    return VolumeMeta(
        title=report.title,
        subtitle="",  # the collection's name is above the title
        short_title=short,
        collection=about["collection"],
        language=language,
        authors=report.organisations,
        description=f"{report.edition}. {report.status_label}.",
        watermark=report.status_label if report.status in PROVISIONAL else "",
        cover=tuple((k, v) for k, v in cover if v),
        imprint=imprint(about, authors, str(day.year), report.title, report.edition),
        words=words,
        contents_depth=contents_depth,
    )


def imprint(
    about: dict, authors: str, year: str, title: str, edition: str
) -> tuple[tuple[str, str], ...]:
    words = about["words"]
    rights = "© " + about["copyright"] if about["copyright"] else ""
    if about["licence"]:
        rights = f"{rights}. {about['licence']}" if rights else about["licence"]
    pairs = [
        (words["Publisher"], about["author"]),
        (words["Copyright and licence"], rights),
        (words["How to cite"], _cite(authors, year, title, edition, about["author"])),
        (words["Produced with"], f"Typst {typst_version()}, pandoc {pandoc_version()}"),
    ]
    return tuple((k, v) for k, v in pairs if v)


def collection_meta(about: dict, day: dt.date, contents_depth: int) -> VolumeMeta:
    """The collection's cover: its ``{collection}`` metadata when the root page has it,
    else conf.py's author and release and the build's date."""
    words, language = about["words"], about["language"]
    declared = about.get("metadata") or {}
    if declared.get("date"):
        day = dt.date.fromisoformat(declared["date"])
    authors = "; ".join(declared.get("organisations") or [about["author"]])
    edition = declared.get("edition") or about["release"]
    status = declared.get("status", "")
    cover = [
        (words["Authoring organisations"], authors),
        (words["Edition"], edition),
        (words["Date"], print_date(day, language)),
        (words["Status"], declared.get("status_label", "")),
        (words["Language"], language_name(language)),
    ]
    return VolumeMeta(
        title=about["collection"],
        subtitle="",
        short_title=about["collection"],
        collection=about["author"],
        language=language,
        authors=tuple(declared.get("organisations") or [about["author"]]),
        description=about["collection"],
        watermark=declared.get("status_label", "") if status in PROVISIONAL else "",
        cover=tuple((k, v) for k, v in cover if v),
        imprint=imprint(about, authors, str(day.year), about["collection"], edition),
        words=words,
        contents_depth=contents_depth,
    )


def typst_job(work: Work) -> list[Item]:
    work.say(f"PDF with Typst {typst_version()} and pandoc {pandoc_version()}")
    try:
        work.sphinx()
        return typeset_volumes(work)
    except (WordError, TypstError) as error:
        raise JobError(str(error)) from None


@dataclass
class Planned:
    """A volume ready to typeset: its HTML, metadata and key."""

    name: str
    volume: VolumeHtml
    meta: VolumeMeta
    key: str
    published: Path
    stamp: Path
    state: str = ""


def plan_volume(work: Work, name: str, page: str, about: dict, manifest: Manifest) -> Planned:
    outdir, project = work.outdir, work.project
    if name == project.collection_name:
        choices = print_choices("collection")
        meta = collection_meta(about, build_date(project.root), choices.contents_depth)
        volume = volume_html(
            page, outdir, choices, docname=None, source_language=about["source_language"]
        )
    else:
        report = manifest.report(name)
        choices = print_choices("reports")
        meta = report_meta(report, about, choices.contents_depth)
        volume = volume_html(
            page,
            outdir,
            choices,
            docname=report.docname,
            status_notice=report.status_notice,
            source_language=about["source_language"],
        )
    digest = hashlib.sha256()
    meta_json = json.dumps(meta.to_json(), ensure_ascii=False, sort_keys=True)
    for part in (work.tools, engine_identity(), work.env.get("SOURCE_DATE_EPOCH", "")):
        digest.update(part.encode() + b"\0")
    digest.update(meta_json.encode() + b"\0" + volume.html.encode() + b"\0")
    for image in volume.images:
        digest.update(str(image).encode() + b"\0" + image.read_bytes())
    return Planned(
        name,
        volume,
        meta,
        digest.hexdigest(),
        work.published / f"{name}.pdf",
        work.folder / "typeset" / name,
    )


def typeset(work: Work, planned: Planned) -> str:
    """pandoc and typst for one volume (in a thread: both run outside Python's lock)."""
    outdir = work.outdir
    html_path = outdir / f"typst-{planned.name}.html"
    html_path.write_text(planned.volume.html, encoding="utf-8")
    body = pandoc_typst(html_path, outdir)
    main = write_sources(outdir, planned.name, body, planned.meta)
    pdf = outdir / f"{planned.name}.pdf"
    timestamp = int(work.env.get("SOURCE_DATE_EPOCH", "0"))
    compile_pdf(main, pdf, outdir, timestamp)
    return "written" if publish_file(pdf, planned.published) else "unchanged"


def typeset_volumes(work: Work) -> list[Item]:
    """Every volume of the job; those whose key changed are typeset, the longest (the
    collection) first, in parallel up to the cores available."""
    outdir = work.outdir
    manifest = Manifest.read(outdir)
    about = json.loads((outdir / MANIFEST).read_text(encoding="utf-8"))
    page = (outdir / "index.html").read_text(encoding="utf-8")
    plans = [plan_volume(work, name, page, about, manifest) for name in work.job.targets]
    for planned in plans:
        if read_stamp(planned.stamp) == planned.key and planned.published.is_file():
            planned.state = "reused"
    todo = sorted((p for p in plans if not p.state), key=lambda p: len(p.volume.html), reverse=True)
    if todo:
        write_shared(outdir)
        with ThreadPoolExecutor(max_workers=max(1, min(len(todo), os.cpu_count() or 1))) as pool:
            states = dict(
                zip((p.name for p in todo), pool.map(lambda p: typeset(work, p), todo), strict=True)
            )
        for planned in todo:
            planned.state = states[planned.name]
            write_stamp(planned.stamp, planned.key)
    items: list[Item] = []
    for planned in plans:
        volume = planned.volume
        counts = {"footnotes": volume.footnotes, "images": len(volume.images)}
        items.append(
            Item(planned.name, planned.published, planned.state, counts, tuple(volume.warnings))
        )
        work.say(
            f"{planned.name}: {planned.state} {planned.published} "
            f"({volume.footnotes} footnotes, {len(volume.images)} images)"
        )
    return items
