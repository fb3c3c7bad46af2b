"""EPUB 3 settings that EPUBCheck accepts without a warning, and a book a reader's
library can describe: every word of its metadata and navigation in the book's language
(Sphinx leaves the contents' title "Table of Contents" and the description and contributor
"unknown"), ``lang`` on every XHTML file, and a cover drawn for each language.

Sphinx writes ``epub_uid`` as the XML id of the identifier element, so it must be an XML
name; the identifier itself is a stable URN derived from the project and the language
(see sphinx-doc/sphinx#11184 for the confusion between the two).
"""

from __future__ import annotations

import html
import os
import time
import uuid
import zipfile
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED

from sphinx.application import Sphinx
from sphinx.builders.epub3 import HTML_TAG, Epub3Builder
from sphinx.config import Config
from sphinx.writers.html5 import HTML5Translator

from build_tools.sphinx_ext.collection import collection_of
from build_tools.sphinx_ext.i18n import _

# zip dates start in 1980; the default date of every entry when SOURCE_DATE_EPOCH is unset
FIXED_EPOCH = 315532800  # 1980-01-01


COVER = "shadow-cover.png"


def book_description() -> str:
    return _(
        "The shadow reports of the collection, article by article: how national law and "
        "practice measure up to the UN Migrant Workers Convention."
    )


class ShadowEpub3Builder(Epub3Builder):
    """Sphinx's EPUB 3 builder, with the NCX naming the book by its identifier.

    Sphinx writes ``epub_uid`` (an XML id) as the NCX's ``dtb:uid``; EPUBCheck requires the
    OPF identifier there (NCX-001). Its guide and navigation titles are English constants;
    here they are the book's language, and so is every XHTML file's ``<html>``.
    """

    def init(self) -> None:
        super().init()
        language = self.config.language or "en"
        self.guide_titles = {"toc": _("Contents"), "cover": _("Cover")}
        self.html_tag = HTML_TAG.replace(">", f' lang="{language}" xml:lang="{language}">', 1)

    def content_metadata(self) -> dict[str, Any]:
        """The book's description in its language; its contributors are the authoring
        organisations of its reports (the collection's, then each report's, once each)."""
        metadata = super().content_metadata()
        collection = collection_of(self.env)
        names: list[str] = []
        metas = [collection.collection_metadata, *(r.metadata for r in collection.reports)]
        for meta in metas:
            for name in meta.organisations if meta is not None else ():
                if name not in names:
                    names.append(name)
        if self.config.epub_description in ("", "unknown"):
            metadata["description"] = html.escape(book_description())
        if self.config.epub_contributor in ("", "unknown") and names:
            metadata["contributor"] = html.escape("; ".join(names))
        return metadata

    def build_epub(self) -> None:
        """The same zip as Sphinx writes, made reproducible: every entry dated from
        ``SOURCE_DATE_EPOCH`` (or a fixed date), with fixed permissions, in a fixed order,
        the uncompressed ``mimetype`` first as EPUB requires."""
        epoch = int(os.environ.get("SOURCE_DATE_EPOCH", FIXED_EPOCH))
        stamp = time.gmtime(max(epoch, FIXED_EPOCH))[:6]
        outdir = Path(self.outdir)
        names = ["mimetype", "META-INF/container.xml", "content.opf", "toc.ncx", *self.files]
        staging = outdir / f".{self.config.epub_basename}.epub.staging"
        with zipfile.ZipFile(staging, "w") as epub:
            for name in names:
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else ZIP_DEFLATED
                epub.writestr(info, (outdir / name).read_bytes())
        os.replace(staging, outdir / f"{self.config.epub_basename}.epub")

    def toc_metadata(self, level: int, navpoints: list[Any]) -> dict[str, Any]:
        metadata = super().toc_metadata(level, navpoints)
        metadata["uid"] = self.config.epub_identifier
        return metadata


class EpubTranslator(HTML5Translator):
    """Bibliography entries without the DPUB role ``doc-biblioentry``, which EPUBCheck 5
    reports as deprecated (RSC-017); a plain list item inside the list docutils opens."""

    def visit_citation(self, node: Any) -> None:
        if not isinstance(node.previous_sibling(), type(node)):
            self.body.append('<div role="list" class="citation-list">\n')
        self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def configure_epub(app: Sphinx, config: Config) -> None:
    language = config.language or "en"
    config.epub_basename = config.shadow_collection_name
    config.epub_uid = "shadow-reports-id"
    if config.epub_identifier in ("", "unknown"):
        name = f"{config.project}/{language}"
        config.epub_identifier = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"
    if config.epub_publisher in ("", "unknown"):
        config.epub_publisher = config.author
    if not (config.epub_copyright or config.copyright):
        config.epub_copyright = config.author
    if not config.epub_cover:
        config.epub_cover = (f"_static/{COVER}", "")  # drawn by write_cover, per language
    config.epub_exclude_files = [
        *config.epub_exclude_files,
        "search.html",
        ".buildinfo",
        ".buildinfo.bak",
    ]


def draw_cover(title: str, publisher: str, edition: str, path: Path) -> None:
    """The cover: the collection's colour, its title and publisher in the book's language.
    Byte-identical for the same words (no date in the PNG's metadata)."""
    import textwrap

    import matplotlib
    import matplotlib.patches

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from build_tools.design import TOKENS

    figure = Figure(figsize=(6, 9), dpi=200)
    figure.patch.set_facecolor(TOKENS.paper)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_axis_off()
    axes.set_xlim(0, 1)
    axes.set_ylim(0, 1)
    axes.add_patch(matplotlib.patches.Rectangle((0, 0.42), 1, 0.58, color=TOKENS.brand))
    axes.add_patch(matplotlib.patches.Rectangle((0, 0.42), 1, 0.012, color=TOKENS.accent))
    wrapped = "\n".join(textwrap.wrap(title, 24))
    axes.text(
        0.08,
        0.93,
        wrapped,
        color="#ffffff",
        fontsize=24,
        fontweight="bold",
        va="top",
        ha="left",
        family="sans-serif",
        linespacing=1.25,
    )
    axes.text(0.08, 0.36, edition, color=TOKENS.text, fontsize=14, va="top", family="sans-serif")
    axes.text(
        0.08,
        0.08,
        "\n".join(textwrap.wrap(publisher, 34)),
        color=TOKENS.muted,
        fontsize=12,
        va="bottom",
        family="sans-serif",
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.staging")
    figure.savefig(staging, format="png", metadata={"Software": None})
    if path.exists() and path.read_bytes() == staging.read_bytes():
        staging.unlink()
    else:
        os.replace(staging, path)


def write_cover(app: Sphinx) -> None:
    """EPUB only: the cover of this language, where the builder copies static files."""
    if app.builder.name != "epub" or app.config.epub_cover != (f"_static/{COVER}", ""):
        return
    folder = Path(app.doctreedir) / "shadow-cover"
    draw_cover(
        str(app.config.project), str(app.config.author), str(app.config.version), folder / COVER
    )
    app.config.html_static_path = [*app.config.html_static_path, str(folder)]


def setup_epub(app: Sphinx) -> None:
    app.add_builder(ShadowEpub3Builder, override=True)
    app.set_translator("epub", EpubTranslator, override=True)
    app.connect("config-inited", configure_epub, priority=600)
    app.connect("builder-inited", write_cover)
