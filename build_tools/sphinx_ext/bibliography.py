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

import functools
import os
import re
from pathlib import Path
from typing import Any

import pybtex.errors
import pybtex.plugin
import pybtex.richtext
from pybtex.database.input.bibtex import Parser
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinxcontrib.bibtex.directives import BibliographyDirective
from sphinxcontrib.bibtex.roles import CiteRole

from build_tools.sphinx_ext.domain import report_of
from build_tools.sphinx_ext.sources import LENIENT, first_bad_byte
from build_tools.sphinx_ext.warnings import warn

# one target of a cite role: an optional {pre-text}, then the key (see citation_target.py)
_TARGET_START = re.compile(r"(^|,)(\s*(?:\{[^{}]+\})?\s*)")


def scope(docname: str) -> str:
    """The key prefix of a page: its report folder, as ``spain:``."""
    report = report_of(docname)
    return f"{report.name}:" if report is not None else ""


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


_ENTRY = re.compile(r"^[ \t]*@[ \t]*(?P<type>\w+)\s*[{(]\s*(?P<key>[^,\s]*)", re.M)
BIB_FORM = "each entry is @type{key, field = {value}, ...} with its braces balanced"


def _entry_at(text: str, line: int) -> tuple[int, str]:
    """(line, "@type{key") of the entry that the given line belongs to."""
    found = (1, "")
    for match in _ENTRY.finditer(text):
        start = text.count("\n", 0, match.start()) + 1
        if start > line:
            break
        found = (start, f"@{match['type']}{{{match['key']}")
    return found


def bib_errors(path: Path, encoding: str) -> list[tuple[int, str]]:
    """(line, what is wrong) for each error pybtex finds in a .bib file, in the style of
    every other message: the entry at fault and what is valid."""
    data = path.read_bytes()
    bad = first_bad_byte(data.removeprefix(b"\xef\xbb\xbf"))
    if bad and encoding.lower().replace("-", "") in ("utf8", "utf8sig"):
        offset, line, byte = bad
        return [(line, f"byte {byte} at offset {offset} is not UTF-8; save the file as UTF-8")]
    text = data.decode("utf-8", errors="replace")
    with pybtex.errors.capture() as errors:
        Parser(encoding).parse_string(text)
    found = []
    for error in errors:
        lineno = getattr(error, "lineno", None)
        what = str(error)
        if lineno:
            what = re.sub(r"^syntax error in line \d+: ", "", what)
            start, entry = _entry_at(text, lineno)
            if what == "premature end of file" and entry:
                found.append((start, f"syntax error: the entry {entry} never ends; {BIB_FORM}"))
            else:
                where = f" (in the entry {entry} from line {start})" if entry else ""
                found.append((lineno, f"syntax error: {what}{where}; {BIB_FORM}"))
            continue
        key = re.search(r"repeated bibliography entry: (\S+)", what)
        line = 1
        if key:
            starts = [
                text.count("\n", 0, m.start()) + 1
                for m in _ENTRY.finditer(text)
                if m["key"].lower() == key[1].lower()
            ]
            line = starts[1] if len(starts) > 1 else line
            first = starts[0] if starts else 1
            what = f"the key {key[1]} is already used at line {first}; keys are unique"
        found.append((line, what))
    return found


def check_bibfiles(app: Sphinx, config: Any) -> None:
    """A .bib file pybtex cannot parse stops sphinxcontrib-bibtex with a crash report when
    the environment is created; here each error is one warning at the file and line, and
    pybtex is then told to collect (not raise) what the build's own parse finds again."""
    reported = False
    for name in config.bibtex_bibfiles or []:
        path = Path(os.path.normpath(Path(app.srcdir) / name))
        if not path.is_file():
            continue  # sphinxcontrib-bibtex says so itself
        errors = bib_errors(path, config.bibtex_encoding)
        for line, what in errors:
            warn("bibliography", f"{path}:{line}", "bibliography: %s", what)
        if any("not UTF-8" in what for _, what in errors):
            config.bibtex_encoding = LENIENT
        reported = reported or bool(errors)
    global _collecting
    if reported:
        _collecting = pybtex.errors.captured_errors = []
    elif _collecting is not None and pybtex.errors.captured_errors is _collecting:
        _collecting = pybtex.errors.captured_errors = None  # an earlier build's, in-process


_collecting: list | None = None  # the list pybtex collects into after check_bibfiles


def _cache_pybtex() -> None:
    """sphinxcontrib-bibtex formats every entry of every bibliography at every build, and
    asks pybtex for its plugins each time. Two lookups dominate an incremental rebuild
    (``make preview``) and give the same answer each time: the installed plugins (a scan of
    every package's entry points; plugins registered at run time are still looked up
    first) and a field's LaTeX decoded to rich text (pybtex's rich text is never changed
    in place: every operation returns a new one)."""
    lookup = pybtex.plugin.entry_points
    if not isinstance(lookup, functools._lru_cache_wrapper):

        @functools.cache
        def entry_points(*, group: str, name: str) -> tuple:
            return tuple(lookup(group=group, name=name))

        pybtex.plugin.entry_points = entry_points
    decode = pybtex.richtext.Text.from_latex
    if not isinstance(decode, functools._lru_cache_wrapper):
        pybtex.richtext.Text.from_latex = staticmethod(functools.lru_cache(maxsize=8192)(decode))


def setup_bibliography(app: Sphinx) -> None:
    app.setup_extension("sphinxcontrib.bibtex")
    _cache_pybtex()
    app.connect("config-inited", _configure)
    app.connect("config-inited", check_bibfiles, priority=900)
    app.add_directive("bibliography", ScopedBibliographyDirective, override=True)
    app.connect("env-before-read-docs", _scope_cite_roles)
