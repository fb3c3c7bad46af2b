"""EPUB 3 settings that EPUBCheck accepts without a warning.

Sphinx writes ``epub_uid`` as the XML id of the identifier element, so it must be an XML
name; the identifier itself is a stable URN derived from the project and the language
(see sphinx-doc/sphinx#11184 for the confusion between the two).
"""

from __future__ import annotations

import uuid

from sphinx.application import Sphinx
from sphinx.config import Config


def configure_epub(app: Sphinx, config: Config) -> None:
    language = config.language or "en"
    config.epub_basename = config.shadow_collection_name
    config.epub_uid = "shadow-reports-id"
    if config.epub_identifier in ("", "unknown"):
        name = f"{config.project}/{language}"
        config.epub_identifier = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"
    if config.epub_publisher in ("", "unknown"):
        config.epub_publisher = config.author
    config.epub_exclude_files = [*config.epub_exclude_files, "search.html", ".buildinfo", ".buildinfo.bak"]


def setup_epub(app: Sphinx) -> None:
    app.connect("config-inited", configure_epub, priority=600)
