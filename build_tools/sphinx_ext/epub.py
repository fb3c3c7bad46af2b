"""EPUB 3 settings that EPUBCheck accepts without a warning.

Sphinx writes ``epub_uid`` as the XML id of the identifier element, so it must be an XML
name; the identifier itself is a stable URN derived from the project and the language
(see sphinx-doc/sphinx#11184 for the confusion between the two).
"""

from __future__ import annotations

import uuid
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders.epub3 import Epub3Builder
from sphinx.config import Config


class ShadowEpub3Builder(Epub3Builder):
    """Sphinx's EPUB 3 builder, with the NCX naming the book by its identifier.

    Sphinx writes ``epub_uid`` (an XML id) as the NCX's ``dtb:uid``; EPUBCheck requires the
    OPF identifier there (NCX-001).
    """

    def toc_metadata(self, level: int, navpoints: list[Any]) -> dict[str, Any]:
        metadata = super().toc_metadata(level, navpoints)
        metadata["uid"] = self.config.epub_identifier
        return metadata


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
    app.connect("config-inited", configure_epub, priority=600)
