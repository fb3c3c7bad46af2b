"""The collection, built once per build when every page is read, and its corpus-wide rules.

At ``env-updated`` (after parallel readers are merged and before pages are written, as
sphinxcontrib-bibtex computes its citations) the domain's records become one
:class:`~build_tools.model.collection.Collection`, kept in the domain's data: written pages
(forked writers included) and the pickled environment of an incremental build hold the one
of this build, never a stale one. Every consumer reads it through :func:`collection_of`.
At ``env-check-consistency`` its rules are reported, each at its file and line.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from build_tools.model.collection import Collection
from build_tools.sphinx_ext.domain import shadow_domain
from build_tools.sphinx_ext.warnings import warn


def build_collection(env: BuildEnvironment) -> Collection:
    domain = shadow_domain(env)
    return Collection.build(
        report_names=env.config.shadow_reports,
        metadata=domain.reports,
        laws=domain.laws,
        assessments=domain.assessments,
        recommendations=domain.recommendations,
        pages=env.found_docs,
    )


def update_collection(app: Sphinx, env: BuildEnvironment) -> list[str]:
    shadow_domain(env).data["collection"] = build_collection(env)
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


def setup_collection(app: Sphinx) -> None:
    app.connect("env-updated", update_collection)
    app.connect("env-check-consistency", check_consistency)
