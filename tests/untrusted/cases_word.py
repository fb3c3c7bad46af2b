"""A partner's Word file: files that are not what they claim, and text that looks like
markup. ``make import-docx`` refuses the first kind before anything reads it; the second
comes in as text, so the pages built from it carry no directive the Word file did not."""

from __future__ import annotations

import subprocess
import sys

from build_tools.word.pandoc import run_pandoc
from tests.untrusted.harness import REPO, Case, Sandbox
from tests.word.test_word_import import BAD, make_bad


def _good(sandbox: Sandbox):
    source = sandbox.root.parent / "made.md"
    source.write_text("# Findings\n\nThe law changed.\n", encoding="utf-8")
    target = sandbox.root.parent / "made.docx"
    run_pandoc(["-f", "markdown", "-t", "docx", "-o", target, source])
    return target


def refused(kind: str) -> Case:
    def setup(sandbox: Sandbox) -> None:
        bad = make_bad(kind, sandbox.root.parent, _good(sandbox))
        bad.rename(sandbox.root.parent / "partner.docx")

    return Case(
        f"word-{kind}",
        setup=setup,
        command=("-m", "build_tools.word", "import", "../partner.docx", "--report", "beta"),
        where=r"partner\.docx",
        says=BAD[kind],
        exit_code=2,
    )


def markup_as_text(sandbox: Sandbox) -> None:
    """A Word file whose paragraphs *read* like MyST: imported, then built."""
    source = sandbox.root.parent / "tricky.md"
    # pandoc escapes nothing in a plain docx paragraph: the text is what Word shows
    source.write_text(
        "# Tricky\n\n"
        f"Text that reads like a directive: ```{{include}} {sandbox.canary}```\n\n"
        f"And a role: {{download}}`the file <{sandbox.canary}>` and <script>x</script>.\n\n"
        "(target)=\n\n{{ substitution }}\n",
        encoding="utf-8",
    )
    docx = sandbox.root.parent / "tricky.docx"
    run_pandoc(["-f", "markdown-raw_html", "-t", "docx", "-o", docx, source])
    subprocess.run(
        [sys.executable, "-m", "build_tools.word", "import", str(docx), "--report", "beta",
         "--root", str(sandbox.root), "--country", "BE"],
        check=True, capture_output=True, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    index = sandbox.root / "reports" / "index.md"
    text = index.read_text(encoding="utf-8")
    if "beta/index" not in text:
        index.write_text(text.replace("alpha/index", "alpha/index\nbeta/index"), "utf-8")


CASES = [refused(kind) for kind in sorted(BAD)] + [
    # not bad input: the build succeeds, and what looked like markup is shown, not run
    Case("word-markup-stays-text", setup=markup_as_text, command=("build", "html"), exit_code=0)
]
