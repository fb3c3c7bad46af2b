"""Citations with sphinxcontrib-bibtex, scoped to the report they are made in.

Every report has a bibliography in its annexes and every report is also a PDF of its own,
so a document cited by two reports must appear in both bibliographies. sphinxcontrib-bibtex
resolves a key to one bibliography per project and warns about the second ("duplicate
citation"); its documented way out is a ``:keyprefix:`` per bibliography, which would make
authors write the report's name into every citation. Here the scoping is done for them:
``{cite:p}`macdonald2007``` on a page of ``reports/spain/`` refers to ``spain:macdonald2007``,
and a ``{bibliography}`` in ``spain/`` lists the entries cited in ``spain/`` under that
prefix. Pages outside a report folder (the collection's front matter) are not prefixed.
"""

from __future__ import annotations

import re
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinxcontrib.bibtex.directives import BibliographyDirective
from sphinxcontrib.bibtex.roles import CiteRole

# one target of a cite role: an optional {pre-text}, then the key (see citation_target.py)
_TARGET_START = re.compile(r"(^|,)(\s*(?:\{[^{}]+\})?\s*)")


def scope(docname: str) -> str:
    """The key prefix of a page: its report folder, as ``spain:``."""
    folder, _, rest = docname.partition("/")
    return f"{folder}:" if rest else ""


def scoped_target(target: str, prefix: str) -> str:
    """``"a,{see}b"`` -> ``"spain:a,{see}spain:b"``."""
    if not prefix:
        return target
    return _TARGET_START.sub(lambda m: m.group(0) + prefix, target)


class ScopedCiteRole(CiteRole):
    def result_nodes(self, document, env, node, is_ref):  # type: ignore[no-untyped-def]
        prefix = scope(env.docname)
        self.target = scoped_target(self.target, prefix)
        node["reftarget"] = scoped_target(node["reftarget"], prefix)
        return super().result_nodes(document, env, node, is_ref)


class ScopedBibliographyDirective(BibliographyDirective):
    def run(self):  # type: ignore[no-untyped-def]
        env = self.state.document.settings.env
        self.options.setdefault("keyprefix", scope(env.docname))
        return super().run()


def _scope_cite_roles(app: Sphinx, env: BuildEnvironment, *args: Any) -> None:
    domain = env.get_domain("cite")
    for name in list(domain.roles):
        domain.roles[name] = ScopedCiteRole()


def _configure(app: Sphinx, config: Any) -> None:
    # a project that cites nothing needs no .bib file (sphinxcontrib-bibtex insists on one)
    if config.bibtex_bibfiles is None:
        config.bibtex_bibfiles = []
    # Each report's bibliography is a list of its own: "[MC07]" in two of them is right,
    # and their anchors differ (they carry the page's name), so the warning is noise here.
    config.suppress_warnings = [*config.suppress_warnings, "bibtex.duplicate_label"]


def setup_bibliography(app: Sphinx) -> None:
    app.setup_extension("sphinxcontrib.bibtex")
    app.connect("config-inited", _configure)
    app.add_directive("bibliography", ScopedBibliographyDirective, override=True)
    app.connect("env-before-read-docs", _scope_cite_roles)
