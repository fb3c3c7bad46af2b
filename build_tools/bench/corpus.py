"""Benchmark corpora: scaled copies of the shipped project, and the same sources made
readable by plain Sphinx (MyST only), so that our pipeline and a hand-made set-up can be
timed on the same pages.

``corpus-<k>x/`` holds every chapter folder of ``reports/`` (each report, and
``comparative/``) k times under new names (``spain``, ``spain-2``, ...), with the root
toctree and the PO files following them. ``plain-<k>x/`` holds the same sources with this
project's directives and roles rewritten as ordinary Markdown.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from build_tools.pipeline.project import Project
from build_tools.sphinx_ext.latex import FONTS as LATEX_FONTS

#: the directives plain Sphinx + MyST understands; every other fenced directive is ours
PLAIN_SPHINX_DIRECTIVES = frozenset(
    {
        "toctree",
        "note",
        "warning",
        "admonition",
        "figure",
        "image",
        "code-block",
        "list-table",
        "table",
        "glossary",
    }
)
#: bodies that are not Markdown: left exactly as they are
VERBATIM_DIRECTIVES = frozenset({"toctree", "code-block"})
#: roles of docutils, Sphinx's standard domain and MyST; any other unprefixed role is ours.
#: Domain roles (``{py:func}``) are always kept.
STANDARD_ROLES = frozenset(
    {
        "abbr",
        "any",
        "code",
        "command",
        "dfn",
        "doc",
        "download",
        "emphasis",
        "envvar",
        "eq",
        "file",
        "guilabel",
        "keyword",
        "kbd",
        "literal",
        "manpage",
        "math",
        "menuselection",
        "mimetype",
        "numref",
        "option",
        "pep",
        "program",
        "ref",
        "regexp",
        "rfc",
        "samp",
        "strong",
        "sub",
        "subscript",
        "sup",
        "superscript",
        "term",
        "title-reference",
        "token",
    }
)

#: chapters replicated with the reports, though not reports themselves
EXTRA_REPLICATED = ("comparative",)
#: ids unique in the whole collection (laws, recommendations) repeat in the replicas; their
#: warnings (type.subtype) are silenced in scaled copies, whose pages stay byte-identical
#: so that every translation still applies
REPLICA_DUPLICATE_WARNINGS = ("shadow.law", "shadow.recommendation")

ORIGINAL_CONF = "conf_original.py"
PHASES_EXTENSION = "build_tools.bench.phases"
ROOT_PAGE = "index.md"  # conf.py's root_doc
MARKER = ".bench-corpus"  # only folders carrying it are ever deleted by regeneration

# A MyST directive fence: ```{name} argument  or  :::{name} argument (colon_fence)
_DIRECTIVE_OPEN = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|:{3,})\{(?P<name>[^}\s]+)\}[ \t]*(?P<argument>.*?)\s*$"
)
# A code fence (```python, ~~~): its content is never rewritten
_CODE_OPEN = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_FENCE_CLOSE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,}|:{3,})[ \t]*$")
_OPTION = re.compile(r"^:(?P<key>[^:\s][^:]*):(?:[ \t]+(?P<value>.*?))?\s*$")
# A role ({name}`content`) or an inline code span (`...`), leftmost first: a role's markup
# shown inside a code span (`{law}`) is not a role.
_ROLE_OR_CODE = re.compile(
    r"(?P<role>\{(?P<name>[A-Za-z][\w.+-]*(?::[\w.+-]+)*)\})?"
    r"(?<!`)(?P<ticks>`+)(?P<content>.*?[^`])(?P=ticks)(?!`)"
)
_EXPLICIT_TITLE = re.compile(r"^(?P<title>.+?)\s*<[^<>]+>$")


@dataclass(frozen=True)
class Corpus(Project):
    """A generated project (where it is and what its conf.py declares, as for any
    :class:`Project`), at a scale, for this pipeline or for plain Sphinx."""

    scale: int = 1
    plain: bool = False
    chapters: tuple[str, ...] = ()  # every replicated folder: the reports, then comparative/


# --- scaled copies ---------------------------------------------------------------------------


def replica_names(folder: str, scale: int) -> list[str]:
    """``spain`` at scale 3 -> ``spain``, ``spain-2``, ``spain-3``."""
    return [folder, *(f"{folder}-{n}" for n in range(2, scale + 1))]


def scaled(folders: Iterable[str], scale: int) -> tuple[str, ...]:
    """Each folder followed by its replicas, keeping the order of the collection."""
    return tuple(name for folder in folders for name in replica_names(folder, scale))


def replicated_folders(project: Project) -> list[str]:
    """The report folders conf.py lists, then the comparative chapter: what grows when
    the collection does (not the Convention reference or the handbook)."""
    extra = [f for f in EXTRA_REPLICATED if (project.srcdir / f / ROOT_PAGE).is_file()]
    return [*project.reports, *extra]


def expand_toctrees(text: str, folders: Iterable[str], scale: int) -> str:
    """Repeat every toctree entry that points into a replicated folder for each replica."""
    wanted = set(folders)
    entry = re.compile(
        r"^(?P<indent>[ \t]*)(?P<title>[^<\n]*<)?(?P<folder>[^/<>\s]+)(?P<rest>/[^>\s]*>?)\s*$"
    )
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    closing: re.Pattern[str] | None = None
    for line in lines:
        if closing is None:
            opening = _DIRECTIVE_OPEN.match(line)
            if opening and opening["name"] == "toctree":
                fence = re.escape(opening["fence"][0])
                closing = re.compile(rf"^[ \t]*{fence}{{{len(opening['fence'])},}}[ \t]*$")
            out.append(line)
            continue
        if closing.match(line):
            closing = None
            out.append(line)
            continue
        match = entry.match(line)
        if match is None or match["folder"] not in wanted:
            out.append(line)
            continue
        end = "\n" if line.endswith("\n") else ""
        for name in replica_names(match["folder"], scale):
            title = match["title"] or ""
            out.append(f"{match['indent']}{title}{name}{match['rest']}{end}")
    return "".join(out)


def _copy_po_folder(source: Path, target: Path, folder: str, replica: str) -> None:
    """Copy a folder of PO files, pointing its source references at the replica."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.mo"))
    for po in target.rglob("*.po"):
        text = po.read_text(encoding="utf-8")
        po.write_text(text.replace(f"reports/{folder}/", f"reports/{replica}/"), encoding="utf-8")


def replicate(root: Path, folders: Iterable[str], scale: int) -> None:
    """Copy each chapter folder, and its PO files in every language, ``scale - 1`` times."""
    srcdir, localedir = root / "reports", root / "locale"
    languages = sorted(d for d in localedir.glob("*/LC_MESSAGES") if d.is_dir())
    for folder in folders:
        for replica in replica_names(folder, scale)[1:]:
            shutil.copytree(srcdir / folder, srcdir / replica)
            for messages in languages:
                if (messages / folder).is_dir():
                    _copy_po_folder(messages / folder, messages / replica, folder, replica)


def conf_text(overrides: dict[str, Any], comment: str) -> str:
    """A conf.py that runs the project's own (copied next to it), then ``overrides``."""
    lines = [
        f"# {comment}",
        "# Generated by build_tools.bench.corpus; do not edit. The project's conf.py is",
        f"# {ORIGINAL_CONF}; only what differs in this copy is set here.",
        "from pathlib import Path",
        "",
        f'_original = Path(__file__).with_name("{ORIGINAL_CONF}")',
        'exec(compile(_original.read_text(encoding="utf-8"), str(_original), "exec"))',
        "",
    ]
    for name, value in overrides.items():
        if isinstance(value, list) and value:
            items = "".join(f"    {item!r},\n" for item in value)
            lines.append(f"{name} = [\n{items}]")
        else:
            lines.append(f"{name} = {value!r}")
    # both sides report their phases to the benchmark (build_tools/bench/phases.py)
    lines.append(f"extensions = [*extensions, {PHASES_EXTENSION!r}]")
    return "\n".join(lines) + "\n"


def plain_latex_documents(
    reports: Iterable[str], collection_name: str, title: str, author: str
) -> list[tuple[str, str, str, str, str, bool]]:
    """The volumes our extension makes (one per report, then the collection), declared by
    hand the way a plain Sphinx project would."""
    volumes = [(f"{r}/index", f"{r}.tex", r, author, "manual", True) for r in reports]
    return [*volumes, ("index", f"{collection_name}.tex", title, author, "manual", True)]


def _prepare_target(target: Path) -> None:
    if target.exists():
        if not (target / MARKER).is_file():
            raise FileExistsError(f"{target} exists and is not a benchmark corpus; not deleting")
        shutil.rmtree(target)
    target.mkdir(parents=True)
    (target / MARKER).write_text("generated by build_tools.bench.corpus\n", encoding="utf-8")


def generate(source_root: Path, target: Path, scale: int, plain: bool = False) -> Corpus:
    """Write the corpus at ``scale`` into ``target`` (replacing an earlier one)."""
    if scale < 1:
        raise ValueError(f"scale must be at least 1, not {scale}")
    project = Project.load(source_root)
    source_root = project.root
    conf = dict(project.settings)
    chapters = replicated_folders(project)
    _prepare_target(target)
    shutil.copytree(project.srcdir, target / "reports", ignore=shutil.ignore_patterns("_build"))
    if project.localedir.is_dir():
        shutil.copytree(project.localedir, target / "locale", ignore=shutil.ignore_patterns("*.mo"))
    if (source_root / "figures").is_dir():
        shutil.copytree(source_root / "figures", target / "figures")
    shutil.copy2(source_root / "conf.py", target / ORIGINAL_CONF)

    replicate(target, chapters, scale)
    root_page = target / "reports" / ROOT_PAGE
    if root_page.is_file():
        text = root_page.read_text(encoding="utf-8")
        root_page.write_text(expand_toctrees(text, chapters, scale), encoding="utf-8")

    reports = scaled(project.reports, scale)
    # the languages as a literal too: what the CI workflow reads without running conf.py
    overrides: dict[str, Any] = {
        "shadow_languages": list(project.languages),
        "shadow_reports": list(reports),
    }
    if scale > 1:
        suppressed = list(conf.get("suppress_warnings", []))
        overrides["suppress_warnings"] = [*suppressed, *REPLICA_DUPLICATE_WARNINGS]
    if plain:
        rewrite_tree(target / "reports")
        overrides |= {
            "extensions": ["myst_parser"],
            # Sphinx's default theme and its default sidebars: ours comes with the extension
            "html_theme": "alabaster",
            "html_theme_options": {},
            "html_sidebars": {},
            # Sphinx's default XeLaTeX font is FreeSerif, which set-up does not install:
            # the twin typesets with the fonts our PDFs use (TeX Gyre, DejaVu Sans Mono,
            # installed with the LaTeX engine: data/debian-packages-latex.txt)
            "latex_elements": {"fontpkg": LATEX_FONTS},
            "latex_documents": plain_latex_documents(
                reports,
                project.collection_name,
                str(conf.get("project", "")),
                str(conf.get("author", "")),
            ),
        }
        comment = f"Plain Sphinx baseline ({scale}x): MyST only, no build_tools extension."
    else:
        comment = f"Benchmark corpus ({scale}x): every report folder {scale} times."
    (target / "conf.py").write_text(conf_text(overrides, comment), encoding="utf-8")
    return Corpus(
        root=target.resolve(),
        scale=scale,
        plain=plain,
        languages=project.languages,
        reports=reports,
        chapters=scaled(chapters, scale),
        collection_name=project.collection_name,
    )


def read_conf(root: Path) -> dict[str, Any]:
    """What conf.py sets (for the title and author of the hand-declared PDF volumes)."""
    from build_tools.pipeline.project import read_conf as read

    return read(root)


# --- MyST for plain Sphinx -------------------------------------------------------------------


def rewrite_tree(srcdir: Path) -> None:
    """Rewrite every Markdown page under ``srcdir`` for plain Sphinx, in place."""
    for page in sorted(srcdir.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        page.write_text(plain_markdown(text), encoding="utf-8")


def plain_markdown(text: str) -> str:
    """``text`` with the directives and roles plain Sphinx does not know made ordinary
    Markdown: a bold line with the directive's name (and argument), its options as a
    bullet list, its content as paragraphs; a role becomes the text of its content."""
    lines = _rewrite_lines(text.splitlines())
    return "\n".join(lines) + ("\n" if text.endswith("\n") else "")


def _closing_line(lines: list[str], start: int, fence: str) -> int:
    """Index of the line closing ``fence`` (CommonMark: same character, at least as long),
    or ``len(lines)`` when the fence runs to the end of the page."""
    for index in range(start, len(lines)):
        match = _FENCE_CLOSE.match(lines[index])
        if match and match["fence"][0] == fence[0] and len(match["fence"]) >= len(fence):
            return index
    return len(lines)


def _rewrite_lines(lines: list[str]) -> list[str]:
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        directive = _DIRECTIVE_OPEN.match(line)
        code = None if directive else _CODE_OPEN.match(line)
        if code and code["fence"][0] == "`" and "`" in code["info"]:
            code = None  # ```like this``` is inline code, not a fence
        if directive is None and code is None:
            out.append(plain_roles(line))
            index += 1
            continue
        fence = (directive or code)["fence"]  # type: ignore[index]
        end = _closing_line(lines, index + 1, fence)
        body, closing = lines[index + 1 : end], lines[end : end + 1]
        if directive is None:
            out += [line, *body, *closing]  # a code block: verbatim
        elif directive["name"] in PLAIN_SPHINX_DIRECTIVES:
            inner = body if directive["name"] in VERBATIM_DIRECTIVES else _rewrite_lines(body)
            out += [line, *inner, *closing]
        else:
            block = _directive_as_markdown(directive, body)
            if not out or not out[-1].strip():
                block = block[1:]  # already separated from what precedes it
            if end + 1 >= len(lines) or not lines[end + 1].strip():
                block = block[:-1]  # ... and from what follows
            out += block
        index = end + 1
    return out


def _directive_as_markdown(directive: re.Match[str], body: list[str]) -> list[str]:
    indent, name, argument = directive["indent"], directive["name"], directive["argument"]
    options, content = split_options(body)
    heading = f"**{name}**" + (f" {plain_roles(argument)}" if argument else "")
    block = ["", indent + heading, ""]
    if options:
        block += [indent + (f"- {k}: {v}" if v else f"- {k}") for k, v in options]
        block.append("")
    block += _rewrite_lines(content)
    while block and not block[-1].strip():
        block.pop()
    return [*block, ""]


def split_options(body: list[str]) -> tuple[list[tuple[str, str]], list[str]]:
    """A directive body's options (``:key: value`` lines or a ``---`` YAML block) and the
    content after them."""
    options: list[tuple[str, str]] = []
    lines = [line.strip() for line in body]
    index = 0
    if lines and lines[0] == "---":
        end = lines.index("---", 1) if "---" in lines[1:] else len(lines)
        data = yaml.safe_load("\n".join(body[1:end])) or {}
        if isinstance(data, dict):
            options = [(str(k), _option_value(v)) for k, v in data.items()]
        index = end + 1
    else:
        while index < len(body):
            match = _OPTION.match(lines[index])
            if match:
                options.append((match["key"].strip(), match["value"] or ""))
            elif options and body[index][:1] in (" ", "\t") and lines[index]:
                key, value = options[-1]  # an indented line continues the last value
                options[-1] = (key, f"{value} {lines[index]}".strip())
            else:
                break
            index += 1
    while index < len(body) and not body[index].strip():
        index += 1
    return options, body[index:]


def _option_value(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def plain_roles(line: str) -> str:
    """Replace every role plain Sphinx does not know by the text of its content."""

    def text_of(match: re.Match[str]) -> str:
        name = match["name"]
        if not match["role"] or name in STANDARD_ROLES or ":" in name:
            return match[0]  # a code span, or a role plain Sphinx knows
        content = match["content"]
        explicit = _EXPLICIT_TITLE.match(content)
        return explicit["title"] if explicit else content

    return _ROLE_OR_CODE.sub(text_of, line)
