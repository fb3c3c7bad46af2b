"""An author's page naming a file outside the project: every directive and role that reads
or copies a file, by ``../``, by an absolute path and through a symlink.

Built in the source language (English): no translation is involved, the rule is the same.
"""

from __future__ import annotations

import os

from tests.untrusted.harness import Case, Sandbox

PAGE = "alpha/introduction.md"
WHERE = r"reports/alpha/introduction\.md:<LINE>"
EN = ("build", "html", "--languages", "en")


def appended(make_block):
    """A case that appends ``make_block(sandbox)`` to the page; the line is where it starts."""

    def setup(sandbox: Sandbox) -> int:
        page = sandbox.page(PAGE)
        text = page.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
        line = text.count("\n") + 1
        page.write_text(text + make_block(sandbox) + "\n", encoding="utf-8")
        return line

    return setup


def rel(sandbox: Sandbox, suffix: str = ".txt") -> str:
    return sandbox.relative_canary(PAGE).replace(".txt", suffix)


def linked(sandbox: Sandbox, suffix: str = ".txt") -> str:
    """A symlink inside the report folder that points at the canary outside."""
    link = sandbox.page(f"alpha/innocent{suffix}")
    os.symlink(sandbox.canary.with_suffix(suffix), link)
    return link.name


def colon_fences(sandbox: Sandbox) -> str:
    """Turn on MyST's ::: fences, as the corpus does (returns no text for the page)."""
    conf = sandbox.root / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8") + 'myst_enable_extensions = ["colon_fence"]\n',
        encoding="utf-8",
    )
    return ""


def case(id: str, block, says: str, where: str = WHERE, command=EN) -> Case:
    return Case(id, setup=appended(block), where=where, says=says, command=command)


OUTSIDE = "outside the project"

CASES = [
    case("path-include", lambda s: f"```{{include}} {rel(s)}\n```", OUTSIDE),
    case("path-include-absolute", lambda s: f"```{{include}} {s.canary}\n```", "not found"),
    case("path-include-symlink", lambda s: f"```{{include}} {linked(s)}\n```", OUTSIDE),
    case(
        "path-include-colon-fence",
        lambda s: colon_fences(s) + f":::{{include}} {rel(s)}\n:::",
        OUTSIDE,
    ),
    case("path-literalinclude", lambda s: f"```{{literalinclude}} {rel(s)}\n```", OUTSIDE),
    case(
        "path-literalinclude-diff",
        lambda s: f"```{{literalinclude}} introduction.md\n:diff: {rel(s)}\n```",
        OUTSIDE,
    ),
    case("path-image-markdown", lambda s: f"![x]({rel(s, '.png')})", OUTSIDE),
    case("path-image-directive", lambda s: f"```{{image}} {rel(s, '.png')}\n```", OUTSIDE),
    case(
        "path-figure-directive",
        lambda s: f"```{{figure}} {rel(s, '.png')}\nA caption.\n```",
        OUTSIDE,
    ),
    case("path-image-symlink", lambda s: f"![x]({linked(s, '.png')})", OUTSIDE),
    case("path-download-role", lambda s: f"{{download}}`the file <{rel(s)}>`", OUTSIDE),
    case("path-download-symlink", lambda s: f"{{download}}`the file <{linked(s)}>`", OUTSIDE),
    case("path-markdown-link", lambda s: f"[the file]({rel(s)})", "not found"),
    case("path-csv-table", lambda s: f"```{{csv-table}}\n:file: {rel(s, '.csv')}\n```", OUTSIDE),
    case(
        "path-csv-table-url",
        lambda s: "```{csv-table}\n:url: https://example.org/data.csv\n```",
        ":url: is not allowed",
    ),
    case("path-raw-file", lambda s: f"```{{raw}} html\n:file: {rel(s)}\n```", OUTSIDE),
    case("path-chart-name", lambda s: f"```{{chart}} {rel(s, '')}\n```", "not a chart name"),
    case(
        "path-include-epub",
        lambda s: f"```{{include}} {rel(s)}\n```",
        OUTSIDE,
        command=("build", "epub", "--languages", "en"),
    ),  # fmt: skip
    case(
        "path-image-pdf",
        lambda s: f"![x]({rel(s, '.png')})",
        OUTSIDE,
        command=("build", "pdf", "--languages", "en"),
    ),  # fmt: skip
    case(
        "path-image-docx",
        lambda s: f"![x]({rel(s, '.png')})",
        OUTSIDE,
        command=("-m", "build_tools.word", "export", "--languages", "en"),
    ),  # fmt: skip
]


def bibfile_outside(sandbox: Sandbox) -> None:
    conf = sandbox.root / "conf.py"
    relative = os.path.relpath(sandbox.canary.with_suffix(".bib"), sandbox.root / "reports")
    conf.write_text(
        conf.read_text(encoding="utf-8") + f"bibtex_bibfiles = [{relative!r}]\n", encoding="utf-8"
    )


CASES.append(Case("path-bibfile-in-conf", setup=bibfile_outside, where="conf.py", says=OUTSIDE))
