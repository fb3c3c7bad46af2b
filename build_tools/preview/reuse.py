"""What the preview's resident application does not redo, or does aside, when one page
changed: work that grows with the corpus although the edit touched one page.

- sphinxcontrib-bibtex formats every bibliography of the project at each ``env-updated``
  (a quarter of a rebuild at 4x): its citations are kept when what they are made from is
  equal to the last build's (the bibliographies, the keys cited and in which order, the bib
  files' versions) and that build warned of nothing, else its warnings would be lost.
- Sphinx pickles the whole environment on each build, for the next session only: the
  preview writes it from a forked copy of the process (the same state, at the same point of
  the build), beside the build rather than before the page is written; into a temporary
  file renamed over the old one; a writer still at work when the next build pickles is
  stopped (its state is out of date) rather than waited for.
- charts no page refers to any more are removed on an application's first build only (the
  removal reads every page of the site; what it leaves meanwhile is a file no page links to).

The collection and the open data keep theirs in ``sphinx_ext/collection.py`` and
``open_data.py`` (an application that builds again, whoever runs it).
"""

from __future__ import annotations

import ast
import os
import pickle
import signal
from pathlib import Path
from typing import Any

BIBTEX_LISTENER = "sphinxcontrib.bibtex.domain.env_updated"
PRUNE_LISTENER = "build_tools.sphinx_ext.charts.prune_old_charts"


def citations_key(env: Any) -> tuple[Any, ...]:
    """Everything sphinxcontrib-bibtex's ``env_updated`` reads, but lines (only its
    warnings name them)."""
    from sphinxcontrib.bibtex.domain import get_docnames

    domain = env.get_domain("cite")
    bibliographies = tuple(
        (
            key,
            tuple(value.bibfiles),
            value.style,
            value.list_,
            value.enumtype,
            value.start,
            value.labelprefix,
            value.keyprefix,
            ast.dump(value.filter_),
            tuple((k, tuple(node["ids"])) for k, node in value.citation_nodes.items()),
            tuple(value.keys),
        )
        for key, value in domain.bibliographies.items()
    )
    refs = tuple((ref.docname, tuple(ref.targets)) for ref in domain.citation_refs)
    files = tuple((name, bib.mtime) for name, bib in domain.bibdata.bibfiles.items())
    return bibliographies, refs, files, tuple(get_docnames(env))


class _CountingLogger:
    """The bibtex domain's logger, counting the warnings ``suppress_warnings`` lets through
    (the project silences ``bibtex.duplicate_label``, which every build repeats)."""

    def __init__(self, logger: Any, suppressed: list[str]) -> None:
        self.logger, self.suppressed, self.warned = logger, suppressed, 0

    def warning(self, *args: Any, **kwargs: Any) -> None:
        from sphinx.util.logging import is_suppressed_warning

        kind, subtype = kwargs.get("type"), kwargs.get("subtype")
        if not is_suppressed_warning(kind, subtype, self.suppressed):
            self.warned += 1
        self.logger.warning(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.logger, name)


class KeptCitations:
    """sphinxcontrib-bibtex's ``env-updated`` listener, skipped when its inputs are the
    last build's."""

    def __init__(self, compute: Any) -> None:
        self.compute = compute
        self.key: tuple[Any, ...] | None = None
        self.citations: list[Any] = []
        self.reused = 0  # builds that kept the citations (for tests)

    def __call__(self, app: Any, env: Any) -> Any:
        import sphinxcontrib.bibtex.domain as bibtex

        key = citations_key(env)
        domain = env.get_domain("cite")
        if key == self.key:
            domain.citations[:] = self.citations
            self.reused += 1
            return []
        counting = bibtex.logger = _CountingLogger(bibtex.logger, app.config.suppress_warnings)
        try:
            result = self.compute(app, env)
        finally:
            bibtex.logger = counting.logger
        self.key = key if not counting.warned else None
        self.citations = list(domain.citations)
        return result


def _replace_listener(app: Any, event: str, qualified: str, make: Any) -> Any:
    """Put ``make(handler)`` in the place of an extension's listener (same priority, same
    place among the others); None when it is not connected."""
    listeners = app.events.listeners.get(event, [])
    for index, listener in enumerate(listeners):
        handler = listener.handler
        if f"{getattr(handler, '__module__', '')}.{handler.__qualname__}" == qualified:
            replacement = make(handler)
            listeners[index] = listener._replace(handler=replacement)
            return replacement
    return None


def keep_citations(app: Any) -> KeptCitations | None:
    """:class:`KeptCitations` for bibtex's listener; None when bibtex is not loaded."""
    return _replace_listener(app, "env-updated", BIBTEX_LISTENER, KeptCitations)


class FirstTimeOnly:
    """A listener run on the application's first build only."""

    def __init__(self, handler: Any) -> None:
        self.handler, self.runs = handler, 0

    def __call__(self, app: Any, *args: Any) -> Any:
        self.runs += 1
        return self.handler(app, *args) if self.runs == 1 else []


def prune_charts_once(app: Any) -> FirstTimeOnly | None:
    """The removal of charts no page refers to reads every page of the site, for files no
    served page links to: in the preview, on an application's first build only (it clears
    what earlier sessions left)."""
    return _replace_listener(app, "html-collect-pages", PRUNE_LISTENER, FirstTimeOnly)


class EnvironmentWriter:
    """Stands for the ``pickle`` module in ``sphinx.builders`` (the one place Sphinx pickles
    the environment): the environment is pickled by a forked child; every other dump is
    Sphinx's own."""

    def __init__(self) -> None:
        self.child = 0  # the child still writing, if any
        self.staging = ""  # the file it writes, renamed over the environment's when done

    def __getattr__(self, name: str) -> Any:
        return getattr(pickle, name)

    def dump(self, obj: Any, file: Any, protocol: int | None = None) -> None:
        from sphinx.environment import BuildEnvironment

        if not isinstance(obj, BuildEnvironment) or not hasattr(os, "fork"):
            pickle.dump(obj, file, protocol)
            return
        self.cancel()  # its state is older than this one; two would race for the rename
        target = file.name
        child = os.fork()
        if child == 0:  # pragma: no cover - the child's coverage is not collected
            code = 0
            staging = f"{target}.preview-{os.getpid()}"
            try:
                os.nice(5)  # the page being written comes first
                with open(staging, "wb") as out:
                    pickle.dump(obj, out, protocol)
                os.replace(staging, target)
            except BaseException as error:  # noqa: BLE001 - a child reports, then ends
                # the parent's streams are redirected into its memory: the real stderr
                os.write(2, f"preview: environment not saved: {error}\n".encode())
                Path(staging).unlink(missing_ok=True)
                code = 1
            os._exit(code)
        self.child, self.staging = child, f"{target}.preview-{child}"

    def wait(self) -> None:
        """Until the environment being written is on disk."""
        if self.child:
            try:
                os.waitpid(self.child, 0)
            except ChildProcessError:
                pass
            self.child = 0

    def cancel(self) -> None:
        """Stop a writer still at work (a save soon after the last on a busy machine): the
        new build must not wait for it, and what it writes is out of date."""
        if self.child:
            try:
                os.kill(self.child, signal.SIGKILL)  # a finished one is a zombie: no error
            except ProcessLookupError:
                pass
            self.wait()
            Path(self.staging).unlink(missing_ok=True)


def write_environment_aside() -> EnvironmentWriter:
    """From now on, in this process (the builder's own), the environment is pickled aside."""
    import sphinx.builders

    if not isinstance(sphinx.builders.pickle, EnvironmentWriter):
        sphinx.builders.pickle = EnvironmentWriter()  # type: ignore[assignment]
    return sphinx.builders.pickle
