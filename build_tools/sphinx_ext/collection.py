"""The collection, built once per build when every page is read, and its corpus-wide rules.

At ``env-updated`` (after parallel readers are merged and before pages are written, as
sphinxcontrib-bibtex computes its citations) the domain's records become one
:class:`~build_tools.model.collection.Collection`, kept in the domain's data: written pages
(forked writers included) and the pickled environment of an incremental build hold the one
of this build, never a stale one. Every consumer reads it through :func:`collection_of`.
At ``env-check-consistency`` its rules are reported, each at its file and line.

A report's previous edition (``reports/<report>/previous-edition.yaml``, see
:mod:`build_tools.model.edition`) is read here too: once per file version (its path, size
and modification time), for the collection and for the assessment cards that show the
change; a file that is not valid is reported once, at its line, with the other rules.

An application that builds again (the preview's resident one) keeps the previous build's
collection when the records and files it is made from are equal to that build's (an edit
of prose): the same object, so that what is derived from it (the open data) can tell
nothing changed. Records keep their lines, so an edit that moves a directive builds anew.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from build_tools.model.collection import Collection
from build_tools.model.edition import FILE_NAME, PreviousEdition, load_previous_edition
from build_tools.model.report import ReportId
from build_tools.model.yamldata import DataError
from build_tools.sphinx_ext.domain import shadow_domain
from build_tools.sphinx_ext.warnings import warn


def previous_edition_file(env: BuildEnvironment, report: ReportId) -> Path:
    return Path(env.srcdir) / report.name / FILE_NAME


@cache
def _read(path: str, report: str, _version: tuple[int, int]) -> PreviousEdition | DataError:
    try:
        return load_previous_edition(Path(path), report)
    except DataError as error:
        return error


def read_previous_edition(
    env: BuildEnvironment, report: ReportId
) -> PreviousEdition | DataError | None:
    """The report's previous edition, the error of its file, or None when it has none."""
    path = previous_edition_file(env, report)
    try:
        stat = path.stat()
    except OSError:
        return None
    return _read(str(path), report.name, (stat.st_size, stat.st_mtime_ns))


def previous_editions(env: BuildEnvironment) -> dict[str, PreviousEdition]:
    found = {}
    for name in env.config.shadow_reports:
        edition = read_previous_edition(env, ReportId.named(name))
        if isinstance(edition, PreviousEdition):
            found[name] = edition
    return found


def collection_inputs(env: BuildEnvironment) -> dict[str, Any]:
    """What :meth:`Collection.build` is given, as a copy that later reads cannot change."""
    domain = shadow_domain(env)

    def frozen(table: dict[Any, list[Any]]) -> dict[Any, tuple[Any, ...]]:
        return {key: tuple(entries) for key, entries in table.items()}

    return {
        "report_names": tuple(env.config.shadow_reports),
        "metadata": dict(domain.reports),
        "laws": frozen(domain.laws),
        "assessments": frozen(domain.assessments),
        "recommendations": frozen(domain.recommendations),
        "pages": frozenset(env.found_docs),
        "previous": previous_editions(env),
    }


#: per environment of this process, the last collection built and what it was built from
#: (not in the pickled environment: one loaded from disk has no previous build to trust)
_last: WeakKeyDictionary[BuildEnvironment, tuple[dict[str, Any], Collection]] = WeakKeyDictionary()


def update_collection(app: Sphinx, env: BuildEnvironment) -> list[str]:
    inputs = collection_inputs(env)
    previous = _last.get(env)
    if previous is not None and previous[0] == inputs:
        collection = previous[1]
    else:
        collection = Collection.build(**inputs)
        _last[env] = (inputs, collection)
    shadow_domain(env).data["collection"] = collection
    return []


def collection_of(env: BuildEnvironment) -> Collection:
    """This build's collection."""
    return shadow_domain(env).collection


def check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    """Corpus-wide rules, once everything is read: duplicates, undeclared laws, reports
    without a page or metadata. Each message names file and line."""
    for problem in collection_of(env).problems(lambda page: str(env.doc2path(page))):
        where = problem.where
        location = (where.docname, where.lineno) if where is not None else None
        warn(problem.subtype, location, "%s", problem.message)
    for name in env.config.shadow_reports:
        edition = read_previous_edition(env, ReportId.named(name))
        if isinstance(edition, DataError):
            where = f"{edition.path}:{edition.line}" if edition.line else str(edition.path)
            warn("edition", where, "previous edition: %s", edition.message)


def setup_collection(app: Sphinx) -> None:
    app.connect("env-updated", update_collection)
    app.connect("env-check-consistency", check_consistency)
