"""A Word file into MyST pages of a report: ``reports/<name>/index.md`` and one page per
heading of the chosen level, with the images in ``reports/<name>/images/``.

Safety first: the file is checked (:mod:`build_tools.word.safety`) before anything is
created; pandoc reads a clean copy; everything is written into a staging folder beside the
report and moved into place only at the end, after checking that no existing page would
be overwritten (unless ``--force``). A failure leaves the report folder as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from build_tools.word.myst import Node, PageWriter, Stats, fence, plain, slug
from build_tools.word.pandoc import InputError, WordError, run_pandoc, svg_converter
from build_tools.word.safety import Limits, check_word_file, clean_copy

REPORT_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
IMAGE_FOLDER = "images"
WEB_IMAGES = {"png", "jpg", "jpeg", "gif", "svg", "webp"}
REPORT_BLOCK = re.compile(r"^(?P<fence>`{3,}|:{3,})\{report\}.*?^(?P=fence)[ \t]*$", re.M | re.S)
PANDOC_API = (1, 23)


@dataclass(frozen=True)
class ImportOptions:
    report: str
    root: Path = Path(".")
    split_level: int = 1
    force: bool = False
    country: str | None = None
    title: str | None = None
    limits: Limits = field(default_factory=Limits)


@dataclass
class ImportSummary:
    """What was written and what a person should look at: printed by the command."""

    source: Path
    folder: Path
    pages: list[Path]
    images: list[Path]
    stats: Stats
    report: str
    reviewer_notes: dict[str, int] = field(default_factory=dict)
    replaced: list[Path] = field(default_factory=list)
    left_alone: list[Path] = field(default_factory=list)  # older pages this import did not write

    def render(self) -> str:
        lines = [f"Imported {self.source} into {self.folder}/ ({len(self.pages)} pages):"]
        lines += [f"  {page.name}" for page in self.pages]
        if self.images:
            lines.append(f"  {IMAGE_FOLDER}/: {len(self.images)} images")
        converted = ", ".join(f"{n} {what}" for what, n in sorted(self.stats.converted.items()))
        lines.append(f"converted: {converted or 'nothing but text'}")
        attention = list(self.stats.attention)
        for page, count in self.reviewer_notes.items():
            attention.append(
                f"{page}: {count} reviewer notes (Word comments and tracked changes; inserted "
                "text is kept, deleted text is only in the note): resolve them, then delete "
                "the notes"
            )
        lost = ", ".join(f"{kind} ({n})" for kind, n in sorted(self.stats.lost_formatting.items()))
        if lost:
            attention.append(f"formatting MyST does not have, text kept: {lost}")
        without_alt = self.stats.converted.get("images without alt text", 0)
        if without_alt:
            attention.append(f"{without_alt} images without alt text: describe them")
        if self.replaced:
            attention.append(f"replaced (--force): {', '.join(p.name for p in self.replaced)}")
        if self.left_alone:
            names = ", ".join(p.name for p in self.left_alone)
            attention.append(
                f"pages already there and not in this Word file, left as they were: {names}"
            )
        if attention:
            lines.append("could not be converted as is, or needs a look:")
            lines += [f"  - {item}" for item in attention]
        lines.append(
            f"next: check the {{report}} block in {self.folder / 'index.md'}, add "
            f"'{self.report}' to shadow_reports in conf.py and '{self.report}/index' to the "
            "toctree of reports/index.md"
        )
        return "\n".join(lines)


@dataclass
class _Chunk:
    title: list[Node]
    identifier: str
    level: int
    blocks: list[Node] = field(default_factory=list)
    filename: str = ""


def _meta_text(value: Any) -> list[str]:
    """pandoc metadata (MetaInlines, MetaString, MetaList) as plain strings."""
    if value is None:
        return []
    kind, content = value.get("t"), value.get("c")
    if kind == "MetaList":
        return [text for item in content for text in _meta_text(item)]
    if kind == "MetaString":
        return [content]
    if kind == "MetaInlines":
        return [plain(content)]
    if kind == "MetaBlocks":
        return [" ".join(plain(b.get("c", [])) for b in content)]
    return []


def _core_date(docx: Path) -> str:
    """The date the Word file was last modified (docProps/core.xml), else today."""
    try:
        with zipfile.ZipFile(docx) as archive:
            core = archive.read("docProps/core.xml").decode("utf-8", errors="replace")
    except (KeyError, zipfile.BadZipFile):
        core = ""
    for tag in ("dcterms:modified", "dcterms:created"):
        found = re.search(rf"<{tag}[^>]*>(\d{{4}}-\d{{2}}-\d{{2}})", core)
        if found:
            return found.group(1)
    return dt.date.today().isoformat()


# document properties pandoc reads from Word, and what becomes of them
USED_META = {"title", "author", "date"}  # the page title and the {report} block
LEAD_META = ("subtitle", "abstract")  # paragraphs at the head of index.md


def _front_matter(meta: dict[str, Any], stats: Stats) -> list[Node]:
    """The subtitle and abstract (Word's Subtitle and Abstract styles) as the first
    paragraphs of the index page; other properties are named in the summary."""
    blocks: list[Node] = []
    for key in LEAD_META:
        value = meta.get(key)
        if value is None:
            continue
        if value.get("t") == "MetaBlocks":
            blocks += value["c"]
        elif value.get("t") == "MetaInlines":
            blocks.append({"t": "Para", "c": value["c"]})
        else:
            blocks += [{"t": "Para", "c": [{"t": "Str", "c": t}]} for t in _meta_text(value)]
    others = sorted(set(meta) - USED_META - set(LEAD_META))
    if others:
        stats.problem(f"document properties not imported: {', '.join(others)}")
    return blocks


def split(blocks: list[Node], level: int) -> tuple[list[Node], list[_Chunk]]:
    """Blocks before the first heading of ``level`` or above, and one chunk per such
    heading (``level`` 0: no split)."""
    intro: list[Node] = []
    chunks: list[_Chunk] = []
    for block in blocks:
        if block["t"] == "Header" and 0 < block["c"][0] <= level:
            heading_level, attr, inlines = block["c"]
            chunks.append(_Chunk(inlines, attr[0], heading_level))
        elif chunks:
            chunks[-1].blocks.append(block)
        else:
            intro.append(block)
    return intro, chunks


def _walk(node: Any) -> Any:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _identifiers(blocks: list[Node]) -> tuple[set[str], set[str]]:
    """Ids present in the document, and ids that internal links point to."""
    present: set[str] = set()
    targets: set[str] = set()
    for node in _walk(blocks):
        kind, content = node.get("t"), node.get("c")
        if kind == "Header" and content[1][0]:
            present.add(content[1][0])
        elif kind in ("Span", "Div", "Table", "Figure") and content[0][0]:
            present.add(content[0][0])
        elif kind == "Link" and content[2][0].startswith("#"):
            targets.add(content[2][0][1:])
    return present, targets


def svg_is_safe(data: bytes) -> bool:
    """An SVG without script, event handlers, embedded HTML or references to other files:
    a site serves its images from its own address, where a script would run."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return False
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments, processing instructions
        local = etree.QName(element).localname.lower()
        if local in ("script", "foreignobject", "iframe", "embed", "object"):
            return False
        for name, value in element.attrib.items():
            attribute = etree.QName(name).localname.lower()
            if attribute.startswith("on"):
                return False
            if attribute == "href" and not value.startswith(("#", "data:image/")):
                return False
    return True


class _Media:
    """Images extracted by pandoc -> unique safe names in the report's image folder. An
    SVG gets a PNG beside it (made by rsvg-convert) and is referenced as ``name.*``, so
    that the PDF build, which cannot use SVG, takes the PNG."""

    def __init__(self, extracted: Path, stats: Stats) -> None:
        self.extracted = extracted.resolve()
        self.stats = stats
        self.files: dict[str, Path] = {}  # new name -> file to copy
        self.names: dict[str, str] = {}  # pandoc's path -> new relative path

    def __call__(self, url: str) -> str | None:
        if url in self.names:
            return self.names[url]
        path = Path(url).resolve()
        if not path.is_relative_to(self.extracted) or not path.is_file():
            return None
        data = path.read_bytes()
        extension = re.sub(r"[^a-z0-9]", "", path.suffix.lower())[:5] or "bin"
        stem = f"{slug(path.stem, 40) or 'image'}-{hashlib.sha256(data).hexdigest()[:10]}"
        if extension == "svg":
            svg = self._svg(path, data, stem)
            if svg is not None:
                self.names[url] = svg
            return svg
        name = f"{stem}.{extension}"
        if extension not in WEB_IMAGES:
            self.stats.problem(
                f"image {name}: .{extension} cannot be shown by browsers or in the PDF; "
                "replace it with a PNG or SVG"
            )
        self.files[name] = path
        self.names[url] = f"{IMAGE_FOLDER}/{name}"
        return self.names[url]

    def _svg(self, path: Path, data: bytes, stem: str) -> str | None:
        png = path.with_name(f"{stem}.png")
        converter = svg_converter()
        if converter is not None:
            result = subprocess.run(
                [converter, "-f", "png", "-d", "150", "-p", "150", "-o", str(png), str(path)],
                capture_output=True,
                check=False,
                timeout=60,
            )
            if result.returncode != 0:
                png.unlink(missing_ok=True)
        if not svg_is_safe(data):
            self.stats.problem(
                f"image {stem}.svg holds script or links to other files: only its PNG is kept"
            )
            if not png.is_file():
                return None
            self.files[png.name] = png
            return f"{IMAGE_FOLDER}/{png.name}"
        self.files[f"{stem}.svg"] = path
        if png.is_file():
            self.files[png.name] = png
            return f"{IMAGE_FOLDER}/{stem}.*"  # Sphinx picks SVG for HTML, PNG for PDF
        self.stats.problem(
            f"image {stem}.svg: no PNG made (rsvg-convert missing); the PDF build needs one"
        )
        return f"{IMAGE_FOLDER}/{stem}.svg"


def _report_block(
    index: Path, meta: dict[str, Any], options: ImportOptions, source_name: str, date: str
) -> str:
    """The existing ``{report}`` block when re-importing a report, else a new one."""
    if index.is_file():
        found = REPORT_BLOCK.search(index.read_text(encoding="utf-8"))
        if found:
            return found.group(0)
    organisations = "; ".join(_meta_text(meta.get("author"))) or "Unknown organisation"
    lines = ["```{report}"]
    comment = ""
    if options.country:
        lines.append(f":country: {options.country.upper()}")
    else:
        comment = "% TODO: add ':country:' (ISO 3166 code, e.g. ES) to the report block\n"
    lines += [
        f":organisations: {organisations.replace(chr(10), ' ')}",
        f":edition: Imported from {source_name}",
        f":date: {date}",
        ":status: draft",
        "```",
    ]
    return comment + "\n".join(lines)


def _toctree(pages: list[str]) -> str:
    body = "{toctree}\n:maxdepth: 2\n\n" + "\n".join(pages) + "\n"
    return f"{fence(body)}{body}{fence(body)}"


def convert(
    document: dict[str, Any],
    options: ImportOptions,
    media: _Media,
    stats: Stats,
    index: Path,
    source_name: str,
    date: str,
) -> tuple[dict[str, str], dict[str, int]]:
    """File name -> MyST text of every page, and reviewer notes per page."""
    version = tuple(document.get("pandoc-api-version", [])[:2])
    if version != PANDOC_API:
        stats.problem(f"pandoc document version {version}, written for {PANDOC_API}: check")
    blocks: list[Node] = document["blocks"]
    meta = document.get("meta", {})
    intro, chunks = split(blocks, options.split_level)
    intro = _front_matter(meta, stats) + intro
    if options.split_level and not chunks:
        stats.problem(
            f"no heading of level {options.split_level} or above: one page "
            "(try another --split-level)"
        )
    used = {"index"}
    for chunk in chunks:
        base = slug(plain(chunk.title)) or f"page-{len(used)}"
        name, n = base, 2
        while name in used:
            name, n = f"{base}-{n}", n + 1
        used.add(name)
        chunk.filename = f"{name}.md"

    present, targets = _identifiers(blocks)
    page_of = {c.identifier: c.filename for c in chunks if c.identifier in targets}
    labels: dict[str, str] = {}
    for identifier in sorted((targets & present) - set(page_of)):
        labels[identifier] = (
            f"{options.report}-{slug(identifier, 40) or 'target'}-{len(labels) + 1}"
        )

    pages: dict[str, str] = {}
    notes: dict[str, int] = {}

    def write(name: str, text: str) -> None:
        pages[name] = text
        count = text.count("{admonition} Reviewer note")
        if count:
            notes[name] = count

    title = (
        options.title
        or " ".join(_meta_text(meta.get("title")))
        or source_name.rsplit(".", 1)[0].replace("_", " ").capitalize()
    )
    writer = PageWriter(stats, media, labels, page_of)
    intro_text = writer.page(title, intro, heading_base=options.split_level)
    head, _, rest = intro_text.partition("\n")
    parts = [head, _report_block(index, meta, options, source_name, date), rest.strip()]
    if chunks:
        parts.append(_toctree([c.filename[:-3] for c in chunks]))
    write("index.md", "\n\n".join(p for p in parts if p) + "\n")
    for chunk in chunks:
        writer = PageWriter(stats, media, labels, page_of)
        write(chunk.filename, writer.page(chunk.title, chunk.blocks, chunk.level))
    stats.converted["pages"] = len(pages)
    return pages, notes


def import_docx(source: Path, options: ImportOptions) -> ImportSummary:
    """Check, convert and write; raises :class:`InputError` (nothing written) when the file
    or the request is refused, :class:`WordError` when the conversion fails."""
    if not REPORT_NAME.match(options.report):
        raise InputError(
            f"report name '{options.report}': use lowercase letters, digits and hyphens "
            "(it is the folder name under reports/)"
        )
    reports = options.root / "reports"
    if not reports.is_dir():
        raise InputError(f"{reports}: no such folder; run from the repository root or use --root")
    check_word_file(source, options.limits)  # refused files: before anything is created
    folder = reports / options.report
    staging = Path(tempfile.mkdtemp(prefix=f".import-{options.report}-", dir=reports))
    try:
        clean = clean_copy(source, staging / "source.docx", options.limits)
        extracted = staging / "media"
        run = run_pandoc(
            [
                "-f",
                "docx",
                "-t",
                "json",
                "--track-changes=all",
                f"--extract-media={extracted}",
                str(clean),
            ]
        )
        document = json.loads(run.stdout)
        stats = Stats()
        media = _Media(extracted, stats)
        pages, notes = convert(
            document, options, media, stats, folder / "index.md", source.name, _core_date(clean)
        )
        for warning in run.warnings:
            stats.problem(f"pandoc: {warning}")

        out = staging / "out"
        (out / IMAGE_FOLDER).mkdir(parents=True)
        for name, text in pages.items():
            (out / name).write_text(text, encoding="utf-8")
        for name, path in media.files.items():
            shutil.copyfile(path, out / IMAGE_FOLDER / name)
        written = [out / name for name in pages] + [out / IMAGE_FOLDER / n for n in media.files]
        existing = [
            folder / p.relative_to(out) for p in written if (folder / p.relative_to(out)).exists()
        ]
        if existing and not options.force:
            names = ", ".join(str(p.relative_to(options.root)) for p in existing[:5])
            more = f" and {len(existing) - 5} more" if len(existing) > 5 else ""
            raise InputError(
                f"{names}{more} already exist: nothing was written; add --force to replace them"
            )
        _move_into_place(out, folder, written)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    left_alone = sorted(set(folder.glob("*.md")) - {folder / name for name in pages})
    return ImportSummary(
        source=source,
        folder=folder,
        pages=[folder / name for name in pages],
        images=[folder / IMAGE_FOLDER / name for name in media.files],
        stats=stats,
        report=options.report,
        reviewer_notes=notes,
        replaced=existing,
        left_alone=left_alone,
    )


def _move_into_place(out: Path, folder: Path, files: list[Path]) -> None:
    """A new report folder arrives whole (one rename); into an existing one, each file is
    replaced by a rename (never half written)."""
    if not folder.exists():
        if not any((out / IMAGE_FOLDER).iterdir()):
            (out / IMAGE_FOLDER).rmdir()
        os.replace(out, folder)
        return
    for path in files:
        target = folder / path.relative_to(out)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)


__all__ = ["ImportOptions", "ImportSummary", "WordError", "import_docx"]
