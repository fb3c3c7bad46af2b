"""The downloads of each language's site: after the jobs of a run, every published PDF,
EPUB and Word file of a language is put into ``_build/html/<lang>/downloads/``, and the
size placeholders of the pages that link to them are filled in, in the page's language.

Why inside the site, and why after the jobs: the published site is ``_build/html/`` alone
(the CI workflow uploads ``_build/html/<lang>`` and copies it to Pages), so a link to
``../../pdf/es/spain.pdf`` would work on a laptop and break on the web; and the HTML job
runs before or beside the PDF, EPUB and Word jobs, so only a step after all of them knows
the files and their sizes. The files are hard links to the published ones where the file
system allows (published files are only ever replaced by rename, never written in place),
so the site costs no second copy. A page is rewritten (atomically) only when a size
changed; a run with nothing to do writes nothing.
"""

from __future__ import annotations

import html
import os
import re
import shutil
from pathlib import Path

from babel.units import format_unit

from build_tools.outputs import FILE_ATTRIBUTE, SITE_DOWNLOADS_DIR, SIZE_ATTRIBUTE
from build_tools.pipeline.project import Project
from build_tools.pipeline.publish import write_text_atomic

#: what each language's site offers for download, by the format folder under _build/
DOWNLOADED = {"pdf": "*.pdf", "epub": "*.epub", "docx": "*.docx"}
PLACEHOLDER = re.compile(
    rf'(<span class="shadow-size" {SIZE_ATTRIBUTE}="(?P<path>[^"]+)">)(?P<text>[^<]*)(</span>)'
)


LINK = re.compile(rf'<a {FILE_ATTRIBUTE}="(?P<path>[^"]+)"[^>]*>')


def file_size(size: int, language: str) -> str:
    """``1,2 Mo`` in French, ``1.2 MB`` in English, ``850 kB``: decimal units, per locale."""
    if size >= 1_000_000:
        return format_unit(round(size / 1_000_000, 1), "digital-megabyte", "short", locale=language)
    return format_unit(max(1, round(size / 1000)), "digital-kilobyte", "short", locale=language)


def _link_or_copy(source: Path, destination: Path) -> bool:
    """``destination`` becomes ``source`` (a hard link, else a copy), replaced by rename."""
    if destination.exists() and (
        os.path.samefile(source, destination)
        or (
            destination.stat().st_size == source.stat().st_size
            and destination.read_bytes() == source.read_bytes()
        )
    ):
        return False
    staging = destination.with_name(f".{destination.name}.staging-{os.getpid()}")
    try:
        os.link(source, staging)
    except OSError:
        shutil.copy2(source, staging)
    os.replace(staging, destination)
    return True


def fill_sizes(page: Path, site: Path, language: str) -> bool:
    """Write each placeholder's size, and each link's address while its file exists (a
    file not built: no size, no link). True if the page was written."""
    text = page.read_text(encoding="utf-8")
    prefix = "../" * (len(page.relative_to(site).parts) - 1)

    def built(path: str) -> Path | None:
        target = (site / html.unescape(path)).resolve()  # site-relative, never outside it
        return target if site.resolve() in target.parents and target.is_file() else None

    def size(match: re.Match[str]) -> str:
        target = built(match["path"])
        words = html.escape(file_size(target.stat().st_size, language)) if target else ""
        return f"{match.group(1)}{words}{match.group(4)}"

    def link(match: re.Match[str]) -> str:
        path = match["path"]
        # no file, no link: an <a> without href may carry none of href's attributes
        href = f' href="{prefix}{path}" hreflang="{language}"' if built(path) else ""
        return f'<a {FILE_ATTRIBUTE}="{path}"{href}>'

    new = LINK.sub(link, PLACEHOLDER.sub(size, text))
    if new == text:
        return False
    write_text_atomic(page, new)
    return True


def pages_with_downloads(project: Project, site: Path) -> list[Path]:
    """The home page and each report's landing page."""
    pages = [site / "index.html", *(site / report / "index.html" for report in project.reports)]
    return [p for p in pages if p.is_file()]


def publish_downloads(project: Project) -> list[Path]:
    """Every language with a site: its downloads in, stale ones out, sizes filled.
    Returns the files written."""
    written: list[Path] = []
    for language in project.languages:
        site = project.build_dir / "html" / language
        if not (site / "index.html").is_file():
            continue
        folder = site / SITE_DOWNLOADS_DIR
        wanted: dict[str, Path] = {}
        for fmt, pattern in DOWNLOADED.items():
            for source in sorted((project.build_dir / fmt / language).glob(pattern)):
                wanted[source.name] = source
        if wanted:
            folder.mkdir(exist_ok=True)
        for name, source in wanted.items():
            if _link_or_copy(source, folder / name):
                written.append(folder / name)
        if folder.is_dir():
            for stale in folder.iterdir():
                if stale.name not in wanted:
                    stale.unlink()
        for page in pages_with_downloads(project, site):
            if fill_sizes(page, site, language):
                written.append(page)
    return written
