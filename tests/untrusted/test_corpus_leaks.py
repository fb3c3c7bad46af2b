"""The leaks found in the shipped corpus, tried again on a copy of it: a Spanish
translator's ``{include}`` of a file outside the project, a Markdown image and a
``{download}`` climbing out with ``../``, and a PO file with an unterminated string.

Every format's build of Spanish must stop with the PO file and line of each, and the
canary's token must be nowhere under ``_build/`` (EPUB and DOCX members and PDF text
included); the Spanish site built before the bad PO files stays published as it was.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from tests.untrusted.harness import REPO, Sandbox, leaked, make_sandbox

pytestmark = pytest.mark.slow


def _copy_corpus(sandbox: Sandbox) -> None:
    shutil.rmtree(sandbox.root)
    sandbox.root.mkdir()
    for name in ("conf.py", "reports", "locale", "figures"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, sandbox.root / name, ignore=shutil.ignore_patterns("*.mo"))
        else:
            shutil.copy(source, sandbox.root / name)


def _plant(po_path: Path, msgstr_for) -> int:
    """Give the first translated paragraph of ``po_path`` a hostile translation."""
    catalog = polib.pofile(str(po_path), wrapwidth=79)
    entry = next(e for e in catalog if e.translated() and len(e.msgid) > 80)
    entry.msgstr = msgstr_for(entry.msgstr)
    catalog.save()
    lines = po_path.read_text(encoding="utf-8").splitlines()
    return next(
        n for n, line in enumerate(lines, 1) if line.startswith("msgstr") and n > entry.linenum
    )


def _build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(REPO), "LANGUAGES": "", "REPORTS": ""},
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=1200,
    )


def test_the_three_leaks_and_a_broken_po_file_stop_every_format(tmp_path):
    sandbox = make_sandbox(tmp_path)
    _copy_corpus(sandbox)
    root = sandbox.root
    first = _build(root, "build_tools", "build", "html", "--languages", "es")
    assert first.returncode == 0, first.stdout + first.stderr
    site = root / "_build" / "html" / "es"
    before = {p: p.read_bytes() for p in site.rglob("*.html")}

    messages = root / "locale" / "es" / "LC_MESSAGES"
    spain = messages / "spain"
    canary = os.path.relpath(sandbox.canary, root / "reports" / "spain")
    image = canary.replace(".txt", ".png")
    planted = {
        "spain/part-iii.po": _plant(
            spain / "part-iii.po", lambda text: f"{text}\n\n```{{include}} {canary}\n```"
        ),
        "spain/part-iv.po": _plant(spain / "part-iv.po", lambda text: f"{text} ![x]({image})"),
        "spain/introduction.po": _plant(
            spain / "introduction.po", lambda text: f"{text} {{download}}`aquí <{canary}>`"
        ),
    }
    # an unterminated string: msgfmt rejects it, a lenient reader would mangle the sentence
    broken = spain / "context.po"
    text = broken.read_text(encoding="utf-8")
    text = re.sub(r'(msgstr "[^"\n]+)"\n', r"\1\n", text, count=1)
    broken.write_text(text, encoding="utf-8")

    runs = [
        ("build_tools", "build", "html", "pdf", "epub", "--languages", "es"),
        ("build_tools.word", "export", "--languages", "es", "--reports", "spain"),
    ]
    for command in runs:
        result = _build(root, *command)
        output = result.stdout + result.stderr
        assert result.returncode != 0, output
        assert "Traceback" not in output and "Exception occurred" not in output
        for po, line in planted.items():
            assert f"locale/es/LC_MESSAGES/{po}:{line}:" in output, output
        assert re.search(r"locale/es/LC_MESSAGES/spain/context\.po:\d+: msgfmt", output), output
    assert not leaked(sandbox)
    after = {p: p.read_bytes() for p in site.rglob("*.html")}
    assert after == before  # the last good Spanish site is still the one published
