"""EPUB 3 settings that EPUBCheck accepts without a warning.

Sphinx writes ``epub_uid`` as the XML id of the identifier element, so it must be an XML
name; the identifier itself is a stable URN derived from the project and the language
(see sphinx-doc/sphinx#11184 for the confusion between the two).
"""

from __future__ import annotations

import os
import time
import uuid
import zipfile
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED

from sphinx.application import Sphinx
from sphinx.builders.epub3 import Epub3Builder
from sphinx.config import Config
from sphinx.writers.html5 import HTML5Translator

# zip dates start in 1980; the default date of every entry when SOURCE_DATE_EPOCH is unset
FIXED_EPOCH = 315532800  # 1980-01-01


class ShadowEpub3Builder(Epub3Builder):
    """Sphinx's EPUB 3 builder, with the NCX naming the book by its identifier.

    Sphinx writes ``epub_uid`` (an XML id) as the NCX's ``dtb:uid``; EPUBCheck requires the
    OPF identifier there (NCX-001).
    """

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
    config.epub_exclude_files = [
        *config.epub_exclude_files,
        "search.html",
        ".buildinfo",
        ".buildinfo.bak",
    ]


def setup_epub(app: Sphinx) -> None:
    app.add_builder(ShadowEpub3Builder, override=True)
    app.set_translator("epub", EpubTranslator, override=True)
    app.connect("config-inited", configure_epub, priority=600)
