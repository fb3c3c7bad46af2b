"""The ``pdf`` job of one language with the typst engine: the ``singlehtml`` page of the
language (the pipeline's stage that Word reads too, with :mod:`.sphinx_typst`), then for
each volume its HTML (:mod:`.volume`), pandoc, typst, in the job's own folder
(``files/``: the page's images mirrored there, the typst root). A volume is typeset
again only when its key changed: its cleaned HTML, its metadata, its images, the
template, filter and tools; an edit of one page of one report typesets that report (and
the collection, which holds it)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from lxml import html as lxml_html

from build_tools.dates import build_date, long_date, source_date_epoch
from build_tools.pipeline.jobs import Item, JobError, Work
from build_tools.pipeline.publish import publish_file
from build_tools.pipeline.stamps import read_stamp, write_stamp
from build_tools.typst.render import (
    TypstError,
    VolumeMeta,
    compile_pdf,
    converter_identity,
    engine_identity,
    language_name,
    pandoc_typst,
    typst_string,
    typst_version,
    write_body,
    write_main,
    write_shared,
)
from build_tools.typst.slots import SLOTS
from build_tools.typst.sphinx_typst import MANIFEST
from build_tools.typst.volume import VolumeHtml, collection_parts, print_choices, volume_html
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


def running_name(title: str, country: str = "") -> str:
    """What the running heads call a volume or a part of the collection whose title is too
    long for them: a report's country, else the title up to a colon ("Comparative chapter")."""
    return country or title.split(":")[0]


def report_meta(report: ReportInfo, about: dict, contents_depth: int) -> VolumeMeta:
    words, language = about["words"], about["language"]
    day = dt.date.fromisoformat(report.date)
    date = long_date(day, language)
    authors = "; ".join(report.organisations)
    as_of = long_date(dt.date.fromisoformat(report.as_of), language) if report.as_of else ""
    cover = [
        (words["Country"], report.country_name),
        (words["Authoring organisations"], authors),
        (words["Edition"], report.edition),
        (words["Date"], date),
        (words["Law as at"], as_of),
        (words["Status"], report.status_label),
        (words["Language"], language_name(language)),
    ]
    short = running_name(report.title, report.country_name)
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
        imprint=imprint(
            about, authors, str(day.year), report.title, report.edition, report.isbn, report.doi
        ),
        words=words,
        contents_depth=contents_depth,
    )


def imprint(
    about: dict,
    authors: str,
    year: str,
    title: str,
    edition: str,
    isbn: str = "",
    doi: str = "",
) -> tuple[tuple[str, str], ...]:
    """The imprint's lines: publisher, rights, how to cite (with the DOI's address when
    there is one), ISBN and DOI when the ``{report}`` gives them, the tools."""
    words = about["words"]
    doi_url = f"https://doi.org/{doi}" if doi else ""
    cite = _cite(authors, year, title, edition, about["author"])
    rights = "© " + about["copyright"] if about["copyright"] else ""
    if about["licence"]:
        rights = f"{rights}. {about['licence']}" if rights else about["licence"]
    pairs = [
        (words["Publisher"], about["author"]),
        (words["Copyright and licence"], rights),
        (words["How to cite"], f"{cite} {doi_url}" if doi_url else cite),
        ("ISBN", isbn),
        ("DOI", doi_url),
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
    as_of = declared.get("as_of", "")
    cover = [
        (words["Authoring organisations"], authors),
        (words["Edition"], edition),
        (words["Date"], long_date(day, language)),
        (words["Law as at"], long_date(dt.date.fromisoformat(as_of), language) if as_of else ""),
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
        imprint=imprint(
            about,
            authors,
            str(day.year),
            about["collection"],
            edition,
            declared.get("isbn", ""),
            declared.get("doi", ""),
        ),
        words=words,
        contents_depth=contents_depth,
    )


def typst_job(work: Work) -> list[Item]:
    work.say(f"PDF with Typst {typst_version()} and pandoc {pandoc_version()}")
    try:
        work.stage()
        return typeset_volumes(work)
    except (WordError, TypstError) as error:
        raise JobError(str(error)) from None


@dataclass
class Fragment:
    """A body of typst made by pandoc from one cleaned HTML: a report's (its volume's
    body, and its part of the collection) or a page of the collection's own. Converted
    again only when its HTML, the filter or pandoc changed."""

    name: str
    html: VolumeHtml
    key: str = ""

    def __post_init__(self) -> None:
        digest = hashlib.sha256(converter_identity().encode() + b"\0")
        digest.update(self.html.html.encode())
        self.key = digest.hexdigest()


@dataclass
class Planned:
    """A volume ready to typeset: its metadata, its body (fragments), its key."""

    name: str
    meta: VolumeMeta
    body: str  # the main body: a report's fragment, or the collection's includes
    fragments: list[Fragment]
    key: str
    published: Path
    stamp: Path
    collection: bool = False
    state: str = ""
    compiled: str = ""  # what its compile took, for the log

    @property
    def size(self) -> int:
        """How long its compile takes, roughly: the length of its HTML."""
        return sum(len(f.html.html) for f in self.fragments)

    @property
    def footnotes(self) -> int:
        return sum(f.html.footnotes for f in self.fragments)

    @property
    def images(self) -> list[Path]:
        return [image for f in self.fragments for image in f.html.images]


def _volume_key(work: Work, meta: VolumeMeta, body: str, fragments: list[Fragment]) -> str:
    digest = hashlib.sha256()
    meta_json = json.dumps(meta.to_json(), ensure_ascii=False, sort_keys=True)
    epoch = str(source_date_epoch(work.project.root, work.env))
    for part in (work.tools, engine_identity(), epoch):
        digest.update(part.encode() + b"\0")
    digest.update(meta_json.encode() + b"\0" + body.encode() + b"\0")
    for fragment in fragments:
        digest.update(fragment.key.encode() + b"\0")
        for image in fragment.html.images:
            digest.update(str(image).encode() + b"\0" + image.read_bytes())
    return digest.hexdigest()


def plan(work: Work, page: str, about: dict, manifest: Manifest) -> list[Planned]:
    """Every volume of the job, with the fragments it is made of (a report's fragment is
    shared by its volume and the collection)."""
    outdir, project = work.outdir, work.project
    source = about["source_language"]
    wanted = set(work.job.targets)
    collection = project.collection_name in wanted
    report_names = [r.name for r in manifest.reports]
    needed = [n for n in report_names if n in wanted or collection]
    reports: dict[str, tuple[ReportInfo, Fragment]] = {}
    parsed = lxml_html.document_fromstring(page)  # each report takes its own section
    for name in needed:
        report = manifest.report(name)
        html = volume_html(
            parsed,
            outdir,
            print_choices("reports"),
            docname=report.docname,
            status_notice=report.status_notice,
            source_language=source,
            label_prefix=name,
        )
        reports[name] = (report, Fragment(name, html))
    plans: list[Planned] = []
    for name in work.job.targets:
        if name == project.collection_name:
            choices = print_choices("collection")
            meta = collection_meta(about, build_date(project.root), choices.contents_depth)
            parts, _ = collection_parts(
                page,
                outdir,
                choices,
                {reports[n][0].docname: n for n in reports},
                source_language=source,
            )
            fragments, lines = [], []
            for part in parts:
                if part.report:
                    info, fragment = reports[part.name]
                    fragments.append(fragment)
                    running = running_name(info.title, info.country_name)
                    lines += [
                        f"#running-title({typst_string(running)})",
                        f"#heading(level: 1, {typst_string(part.title)})",
                        "#[",
                        "#set heading(offset: 1)",
                        f"#include {typst_string(part.name + '.body.typ')}",
                        "]",
                    ]
                elif part.html is not None:
                    fragments.append(Fragment(part.name, part.html))
                    if ":" in part.title:  # "Comparative chapter: common gaps ..."
                        lines.append(f"#running-title({typst_string(running_name(part.title))})")
                    lines.append(f"#include {typst_string(part.name + '.body.typ')}")
            body = "\n".join(lines) + "\n"
        else:
            report, fragment = reports[name]
            meta = report_meta(report, about, print_choices("reports").contents_depth)
            fragments, body = [fragment], f"#include {typst_string(name + '.body.typ')}\n"
        plans.append(
            Planned(
                name,
                meta,
                body,
                fragments,
                _volume_key(work, meta, body, fragments),
                work.published / f"{name}.pdf",
                work.folder / "typeset" / name,
                collection=name == project.collection_name,
            )
        )
    return plans


def files(work: Work) -> Path:
    """The job's folder of typst files (its own: the page's folder is shared)."""
    return work.folder / "files"


def mirror_images(work: Work, images: list[Path]) -> None:
    """The page's images the volumes print, at the same relative paths under
    :func:`files` (typst reads nothing outside its root)."""
    for image in dict.fromkeys(images):
        copy = files(work) / image.relative_to(work.outdir)
        if not copy.is_file() or copy.read_bytes() != image.read_bytes():
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(image.read_bytes())


def convert(work: Work, fragment: Fragment) -> None:
    """pandoc for one fragment (in a thread: pandoc is a process of its own)."""
    html_path = files(work) / f"typst-{fragment.name}.html"
    html_path.write_text(fragment.html.html, encoding="utf-8")
    write_body(files(work), fragment.name, pandoc_typst(html_path, work.outdir))
    write_stamp(work.folder / "converted" / fragment.name, fragment.key)


def typeset(work: Work, planned: Planned) -> None:
    """typst for one volume, its fragments written."""
    folder = files(work)
    main = write_main(folder, planned.name, planned.body, planned.meta)
    pdf = folder / f"{planned.name}.pdf"
    timestamp = source_date_epoch(work.project.root, work.env)
    started = time.monotonic()
    peak = compile_pdf(main, pdf, folder, timestamp)
    planned.compiled = f"typst {time.monotonic() - started:.1f} s, {peak} MB"
    planned.state = "written" if publish_file(pdf, planned.published) else "unchanged"
    write_stamp(planned.stamp, planned.key)


class _NotStartedError(Exception):
    """Another step of the job failed: this one does not start."""


def awaited(planned: Planned, todo: list[Planned], bodies: dict[str, Future]) -> list[Future]:
    """The conversions a volume's compile waits for: its own bodies; every body of the
    job when the collection is typeset too. The collection waits for every body and its
    compile is the job's longest: a report compiled while bodies are still converted
    takes a core from pandoc and starts the collection late (en, 2 cores: pandoc and the
    report compiles shared the cores for the first half of the phase)."""
    if any(p.collection for p in todo):
        return list(bodies.values())
    return [bodies[f.name] for f in planned.fragments if f.name in bodies]


def _pipeline(work: Work, stale: list[Fragment], todo: list[Planned]) -> float:
    """pandoc for the ``stale`` fragments, in that order, and typst for each volume of
    ``todo`` as soon as the bodies it waits for are converted (:func:`awaited`) and a
    slot of the run is free (:mod:`.slots`); after the first failure no step starts, and
    it is raised. Returns when the last body was converted (s)."""
    failed = threading.Event()
    started = time.monotonic()
    last_body = started

    def step(function, *args) -> None:  # noqa: ANN001
        if failed.is_set():
            raise _NotStartedError
        try:
            function(*args)
        except BaseException:
            failed.set()
            raise

    def converted(fragment: Fragment) -> None:
        nonlocal last_body
        step(convert, work, fragment)
        last_body = max(last_body, time.monotonic())

    def volume(planned: Planned, bodies: list[Future]) -> None:
        wait(bodies)
        with SLOTS.hold(planned.size, large=planned.collection):
            step(typeset, work, planned)

    cores = os.cpu_count() or 1
    with (
        ThreadPoolExecutor(max_workers=cores) as pandoc,
        # a thread per volume: each waits for its bodies, then for a slot
        ThreadPoolExecutor(max_workers=max(1, len(todo))) as typst,
    ):
        bodies = {f.name: pandoc.submit(converted, f) for f in stale}
        volumes = [typst.submit(volume, p, awaited(p, todo, bodies)) for p in todo]
    for future in [*bodies.values(), *volumes]:
        error = future.exception()
        if error is not None and not isinstance(error, _NotStartedError):
            raise error
    return last_body - started


def typeset_volumes(work: Work) -> list[Item]:
    """Every volume of the job: the fragments whose HTML changed go through pandoc, the
    volumes whose key changed through typst, pipelined: a volume's compile starts when
    the bodies it waits for are converted (:func:`awaited`), the largest first, in the
    run's slots."""
    outdir = work.outdir
    manifest = Manifest.read(outdir)
    about = json.loads((outdir / MANIFEST).read_text(encoding="utf-8"))
    page = (outdir / "index.html").read_text(encoding="utf-8")
    started = time.monotonic()
    plans = plan(work, page, about, manifest)
    files(work).mkdir(parents=True, exist_ok=True)
    for planned in plans:
        if read_stamp(planned.stamp) == planned.key and planned.published.is_file():
            planned.state = "reused"
    todo = sorted((p for p in plans if not p.state), key=lambda p: p.size, reverse=True)
    fragments = {f.name: f for p in todo for f in p.fragments}
    in_reports = {f.name for p in todo if not p.collection for f in p.fragments}
    stale = sorted(
        (
            f
            for f in fragments.values()
            if read_stamp(work.folder / "converted" / f.name) != f.key
            or not (files(work) / f"{f.name}.body.typ").is_file()
        ),
        # the collection's own pages first (the collection, the longest compile, waits
        # for every body), then the reports' bodies, the longest first
        key=lambda f: (f.name in in_reports, -len(f.html.html)),
    )
    timings = [f"volume HTML {time.monotonic() - started:.1f} s"]
    started = time.monotonic()
    if todo:
        write_shared(files(work))
        mirror_images(work, [image for p in todo for image in p.images])
    last_body = _pipeline(work, stale, todo)
    timings.append(f"pandoc {last_body:.1f} s ({len(stale)} bodies)")
    timings.append(f"pandoc and typst {time.monotonic() - started:.1f} s ({len(todo)} volumes)")
    work.say("timings: " + ", ".join(timings))
    items: list[Item] = []
    for planned in plans:
        warnings = tuple(w for f in planned.fragments for w in f.html.warnings)
        counts = {"footnotes": planned.footnotes, "images": len(planned.images)}
        items.append(Item(planned.name, planned.published, planned.state, counts, warnings))
        compiled = f"; {planned.compiled}" if planned.compiled else ""
        work.say(
            f"{planned.name}: {planned.state} {planned.published} "
            f"({planned.footnotes} footnotes, {len(planned.images)} images{compiled})"
        )
    return items
