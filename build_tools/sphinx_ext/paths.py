"""Every file a page reads or publishes stays inside the project.

A page (or a translation of it) names files: ``{include}``, ``{literalinclude}``, images and
figures, ``{download}``, ``{csv-table}`` and ``{raw}`` with ``:file:``, Markdown links to
local files, the bibliography files of ``conf.py``, chart scripts. Any of them could climb
out with ``../`` or an absolute path, or through a symlink, and copy a file of the build
machine into the site. The rule here: a file is used only if, symlinks followed, it lies in
the source tree (``reports/``) or the chart scripts' folder (``figures/``).

Sphinx, MyST-Parser and sphinxcontrib-bibtex resolve every such name through one method,
``BuildEnvironment.relfn2path``, and Sphinx has no hook around it; so the environment is
given a subclass whose ``relfn2path`` hands back, for a path outside the project, a path
that does not exist (in a folder named for the reason). Every caller then takes its own
"file not found" branch, at its own line, and nothing outside is ever opened. Images and
downloads, whose "not readable" messages would not say why, are reported first by a
transform with the page and line and removed from the page; ``csv-table`` and ``raw``,
which docutils resolves itself, are checked by their directives.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst.directives.misc import Raw
from docutils.parsers.rst.directives.tables import CSVTable
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform

from build_tools.sphinx_ext.warnings import fatal, warn

#: the folder a refused path is sent to: it never exists, and it says why in messages
REFUSED = "(outside the project: refused)"


def allowed_roots(srcdir: str | Path, config: Any) -> tuple[Path, ...]:
    """The folders a page may take files from: the sources and the chart scripts."""
    srcdir = Path(srcdir).resolve()
    figures = (srcdir / getattr(config, "shadow_figures_dir", "../figures")).resolve()
    return (srcdir, figures)


def inside(path: str | Path, roots: tuple[Path, ...]) -> bool:
    """True when ``path``, symlinks followed, lies in one of ``roots``."""
    real = Path(os.path.realpath(path))
    return any(real == root or real.is_relative_to(root) for root in roots)


def is_url(uri: str) -> bool:
    return "://" in uri or uri.startswith(("data:", "mailto:"))


class ConfinedEnvironment(BuildEnvironment):
    """Sphinx's environment, with file names confined to the project (see the module)."""

    def relfn2path(self, filename: str | Path, docname: str | None = None) -> tuple[str, str]:
        rel, absolute = super().relfn2path(filename, docname)
        if inside(absolute, allowed_roots(self.srcdir, self.config)):
            return rel, absolute
        refused = Path(self.srcdir) / REFUSED / Path(str(filename)).name
        return f"{REFUSED}/{refused.name}", os.fspath(refused)


def confine_environment(app: Sphinx) -> None:
    if not isinstance(app.env, ConfinedEnvironment):
        app.env.__class__ = ConfinedEnvironment


def _resolved(env: BuildEnvironment, target: str) -> str:
    """Where ``target`` of the current page really is (Sphinx's own resolution)."""
    return BuildEnvironment.relfn2path(env, target, env.docname)[1]


class ConfineFileReferences(SphinxTransform):
    """Images and downloads that point outside the project: a located error each, and the
    reference removed before Sphinx's collectors would copy the file."""

    default_priority = 40  # after the translations are in (Locale, 20)

    def apply(self, **kwargs: Any) -> None:
        roots = allowed_roots(self.env.srcdir, self.config)
        for node in list(self.document.findall(nodes.image)):
            uri = node.get("uri", "")
            if uri and not is_url(uri) and not inside(_resolved(self.env, uri), roots):
                self._refuse(node, "image", uri, nodes.inline("", node.get("alt", "")))
        for node in list(self.document.findall(addnodes.download_reference)):
            target = node.get("reftarget", "")
            if target and not is_url(target) and not inside(_resolved(self.env, target), roots):
                self._refuse(node, "download", target, nodes.inline("", node.astext()))

    def _refuse(self, node: nodes.Element, what: str, target: str, keep: nodes.Node) -> None:
        warn(
            "outside-project",
            node,
            "%s '%s' is outside the project; use a file inside reports/ or figures/",
            what,
            target,
        )
        node.replace_self(keep)


class _ConfinedFileOption:
    """``:file:`` inside the project, ``:url:`` refused, for directives docutils resolves.
    (Sphinx's own csv-table is not the base: it would warn about the absolute path that
    this hands to docutils.)"""

    @property
    def env(self: Any) -> BuildEnvironment:
        return self.state.document.settings.env

    def confine_file_option(self: Any) -> None:
        if "url" in self.options:
            raise self.error(
                f'"{self.name}": :url: is not allowed (the build reads no remote file); '
                "copy the file into reports/ and use :file:"
            )
        if "file" in self.options:
            given = self.options["file"]
            rel, absolute = self.env.relfn2path(given)
            if rel.startswith(REFUSED):
                raise self.error(
                    f"\"{self.name}\": file '{given}' is outside the project; "
                    "use a file inside reports/ or figures/"
                )
            self.env.note_dependency(absolute)
            self.options["file"] = absolute


class ConfinedCSVTable(_ConfinedFileOption, CSVTable):
    def run(self) -> list[nodes.Node]:
        self.confine_file_option()
        return super().run()


class ConfinedRaw(_ConfinedFileOption, Raw):
    def run(self) -> list[nodes.Node]:
        self.confine_file_option()
        return super().run()


def check_bibfiles(app: Sphinx, config: Config) -> None:
    """``bibtex_bibfiles`` of conf.py: inside the sources (bibtex would read any path)."""
    roots = allowed_roots(app.srcdir, config)
    for name in config.bibtex_bibfiles or ():
        path = Path(app.srcdir) / name
        if not inside(path, roots):
            fatal(
                "conf.py",
                f"bibtex_bibfiles: '{name}' is outside the project; list .bib files inside "
                "reports/",
            )


def setup_paths(app: Sphinx) -> None:
    app.connect("builder-inited", confine_environment, priority=100)
    app.connect("config-inited", check_bibfiles, priority=100)
    app.add_transform(ConfineFileReferences)
    app.add_directive("csv-table", ConfinedCSVTable, override=True)
    app.add_directive("raw", ConfinedRaw, override=True)
