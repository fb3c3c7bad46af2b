"""Interface words of this project's directives and pages, through gettext.

The catalogue is ``locale/<lang>/LC_MESSAGES/shadow-interface.po`` in the project, next
to the page catalogues, so translators find every word of the site in one tree.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import get_translation

from build_tools.i18n.layout import INTERFACE_DOMAIN as CATALOG

_translate = get_translation(CATALOG)


def _(message: str) -> str:
    """Translate an interface word at the time it is used (``_('Country')``).

    Always a ``str``: Sphinx returns a lazy proxy when no catalogue is loaded (a project
    without translations), which docutils nodes do not accept as text."""
    return str(_translate(message))


def register_catalogs(app: Sphinx, config: Config) -> None:
    """Load the interface catalogue from every ``locale_dirs`` entry of the project (its
    MO file compiled by the translation gate, which runs first)."""
    for locale_dir in config.locale_dirs:
        path = Path(app.srcdir, locale_dir)
        if path.is_dir():
            app.add_message_catalog(CATALOG, path)
    # the collection's title, set once in conf.py, in the build's language
    title = config.project
    config.project = _(title)
    if config.html_title in (None, "") or title in str(config.html_title):
        config.html_title = config.project


def setup_i18n(app: Sphinx) -> None:
    app.connect("config-inited", register_catalogs)
