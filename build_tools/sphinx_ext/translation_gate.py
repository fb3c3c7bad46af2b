"""Every build of a translated language passes its PO files through the gate first.

Runs at ``config-inited``, before anything reads a catalogue (the interface words are
loaded in the same event, later): each PO file of the build's language is checked and
compiled by ``build_tools.i18n.gate``; Sphinx's own compilation is turned off, so no MO
reaches the build that the gate did not write. A refused catalogue stops the build before
a page is read, with one located line per entry, and exit status 1. Stopping is a
``SystemExit`` on purpose: Sphinx answers any exception with a crash report meant for its
developers, while this is a translator's mistake with a file and a line.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from build_tools.i18n.errors import I18nError
from build_tools.i18n.gate import admit
from build_tools.sphinx_ext.paths import inside
from build_tools.sphinx_ext.warnings import fatal


def catalogues(app: Sphinx, config: Config) -> list[Path]:
    """The PO files this build may read: ``<locale_dir>/<language>/LC_MESSAGES/**.po``."""
    found: list[Path] = []
    for locale_dir in config.locale_dirs:
        folder = Path(os.path.normpath(Path(app.srcdir, locale_dir, config.language)))
        folder = folder / "LC_MESSAGES"
        if folder.is_dir():
            found += sorted(p for p in folder.rglob("*.po") if not p.name.startswith("."))
    # the PO files as found (not resolved), so that a symlink is seen as one
    return found


def _relative(path: Path, root: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def gate_translations(app: Sphinx, config: Config) -> None:
    config.gettext_auto_build = False  # the gate compiles; Sphinx's reader is too lenient
    po_files = catalogues(app, config)
    if not po_files:
        return
    root = Path(os.path.normpath(os.path.abspath(app.confdir)))  # as messages name it
    for po in po_files:  # a symlink could bring in a catalogue from anywhere
        if not inside(po, (root.resolve(),)):
            fatal(
                _relative(po, root),
                f"resolves outside the project ({os.path.realpath(po)}); a PO file must be "
                "a file of the project, not a link to one elsewhere",
            )
    try:
        refusals = admit(po_files, Path(app.doctreedir) / "translation-gate")
    except I18nError as error:
        where = _relative(error.path, root) if error.path else "locale"
        fatal(f"{where}:{error.line}" if error.line else where, error.message)
    if not refusals:
        return
    for refusal in refusals:
        print(f"{refusal.format(relative_to=root)}", file=sys.stderr)
    print(
        f"error: {len(refusals)} translation problem(s) in language '{config.language}'; "
        "nothing was built (make check-po lists them too)",
        file=sys.stderr,
    )
    sys.exit(1)


def setup_translation_gate(app: Sphinx) -> None:
    app.connect("config-inited", gate_translations, priority=100)
