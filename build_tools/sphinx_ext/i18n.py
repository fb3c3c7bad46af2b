"""Interface words of this project's directives and pages, through gettext.

The catalogue is ``locale/<lang>/LC_MESSAGES/shadow-interface.po`` in the project, next
to the page catalogues, so translators find every word of the site in one tree.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import get_translation

CATALOG = "shadow-interface"

#: translate an interface word at the time it is used (``_('Country')``)
_ = get_translation(CATALOG)


def register_catalogs(app: Sphinx, config: Config) -> None:
    """Load the interface catalogue from every ``locale_dirs`` entry of the project."""
    for locale_dir in config.locale_dirs:
        path = Path(app.srcdir, locale_dir)
        if path.is_dir():
            app.add_message_catalog(CATALOG, path)


def setup_i18n(app: Sphinx) -> None:
    app.connect("config-inited", register_catalogs)
