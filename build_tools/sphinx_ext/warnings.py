"""Every warning this extension emits: type ``shadow`` and one documented subtype, so that
``-W`` stops the build on any of them and ``suppress_warnings = ["shadow.<subtype>"]``
can silence one kind on purpose. Each message names the file and line (the location)."""

from __future__ import annotations

import sys
from typing import Any, NoReturn

from sphinx.util import logging

logger = logging.getLogger("build_tools.sphinx_ext")

SUBTYPES = {
    "source": "a page cannot be read as written: not UTF-8, or a fence never closed",
    "bibliography": "a .bib file has a syntax error: the entries after it are lost",
    "metadata": "a {report} or {collection} directive is missing or invalid",
    "law": "a {law} declaration or citation is invalid, duplicated or undeclared",
    "law-link": "a {law} links to a home page (a URL without a path), not to the law's text",
    "repealed-law": "a rated assessment rests on a repealed law without citing its replacement",
    "assessment": "an {assessment} is invalid, outside a report, or duplicated",
    "recommendation": "a {recommendation} is invalid, misplaced, or its id is reused",
    "article": "an {article} role names an article the Convention does not have",
    "edition": "a previous-edition.yaml is invalid: an unknown article, rating or follow-up",
    "data": "a data page directive has an invalid option",
    "chart": "a {chart} cannot be drawn: unknown chart or report, or its script failed",
    "deprecated": "a page uses the former name of an option ({chart}'s :country:, now :report:)",
    "open-data": "the open data an HTML build writes does not match its published JSON Schema",
    "unsafe-translation": "a translation carried raw HTML or a script link (neutralised)",
    "outside-project": "a page names a file outside the project (refused, never read)",
}


def warn(subtype: str, location: Any, message: str, *args: Any) -> None:
    """A located warning of one of :data:`SUBTYPES`."""
    if subtype not in SUBTYPES:
        raise ValueError(f"undocumented warning subtype {subtype!r}")
    logger.warning(message, *args, location=location, type="shadow", subtype=subtype)


def directive_warning(directive: Any, subtype: str, error: object) -> None:
    """``<directive name>: <what is wrong>`` at the directive's line."""
    warn(subtype, directive.get_location(), "%s: %s", directive.name, error)


def fatal(location: str, message: str) -> NoReturn:
    """Stop the build at once: ``<location>: <message>`` on one line, exit status 1.

    For input errors found before any page is read (conf.py, the PO files), where nothing
    would be gained by going on. Not an exception: Sphinx answers every exception with a
    crash report addressed to its developers, and this is the author's or translator's
    mistake, with a file and a line."""
    print(f"{location}: {message}", file=sys.stderr, flush=True)
    raise SystemExit(1)
