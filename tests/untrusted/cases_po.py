"""A translator's PO file: markup the source does not have, broken files, files elsewhere.

Every case builds Spanish (the translated language of the mini project); the translation
gate must stop it before a page is read, at the PO file and line, in every format.
"""

from __future__ import annotations

import os

from tests.untrusted.harness import Case, Sandbox

PO = r"locale/es/LC_MESSAGES/index\.po"
SOURCE = "The collection gathers one report."
PAGE = "index.md"  # the page SOURCE comes from: paths below are relative to reports/


def translated(make_msgstr, says: str, command=("build", "html", "--languages", "es"), **kw):
    """A case whose translation of SOURCE is ``make_msgstr(sandbox)``."""

    def setup(sandbox: Sandbox) -> int:
        return sandbox.add_translation(SOURCE, make_msgstr(sandbox))

    return dict(setup=setup, where=PO + ":<LINE>", says=says, command=command, **kw)


def canary(sandbox: Sandbox, suffix: str = ".txt") -> str:
    return sandbox.relative_canary(PAGE).replace(".txt", suffix)


def include(s: Sandbox) -> str:
    return f"La colección.\n\n```{{include}} {canary(s)}\n```"


def raw_po(text_after_header: str):
    """A case that appends raw PO text (for syntax errors) to index.po."""

    def setup(sandbox: Sandbox) -> int:
        text = sandbox.po.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
        line = text.count("\n") + 1
        sandbox.po.write_text(text + text_after_header, encoding="utf-8")
        return line

    return setup


def write_bytes(data: bytes):
    def setup(sandbox: Sandbox) -> int:
        text = sandbox.po.read_bytes().rstrip(b"\n") + b"\n\n"
        line = text.count(b"\n") + 1
        sandbox.po.write_bytes(text + data)
        return line

    return setup


def header(old: str, new: str):
    def setup(sandbox: Sandbox) -> None:
        text = sandbox.po.read_text(encoding="utf-8")
        assert old in text
        sandbox.po.write_text(text.replace(old, new), encoding="utf-8")

    return setup


def symlinked_po(sandbox: Sandbox) -> None:
    elsewhere = sandbox.canary.with_name("elsewhere.po")
    elsewhere.write_text(
        f'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f'msgid "{SOURCE}"\nmsgstr "{sandbox.token}"\n',
        encoding="utf-8",
    )
    os.symlink(elsewhere, sandbox.root / "locale" / "es" / "LC_MESSAGES" / "evil.po")


def interface_directive(sandbox: Sandbox) -> int:
    path = sandbox.root / "locale" / "es" / "LC_MESSAGES" / "shadow-interface.po"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        'msgstr "País"', f'msgstr "País\\n\\n```{{include}} {sandbox.canary}\\n```"'
    )
    path.write_text(text, encoding="utf-8")
    return text[: text.index('msgstr "País\\n')].count("\n") + 1


CASES = [
    Case("po-include-fence", **translated(include, r"directive \{include\}")),
    Case(
        "po-include-colon-fence",
        **translated(lambda s: f"Texto.\n\n:::{{include}} {canary(s)}\n:::", r"\{include\}"),
    ),
    Case(
        "po-literalinclude",
        **translated(
            lambda s: f"Texto.\n\n```{{literalinclude}} {canary(s)}\n```",
            r"directive \{literalinclude\}",
        ),
    ),
    Case(
        "po-image",
        **translated(lambda s: f"La colección ![x]({canary(s, '.png')}).", r"image '"),
    ),
    Case(
        "po-image-absolute",
        **translated(lambda s: f"La colección ![x]({s.canary.with_suffix('.png')}).", "image"),
    ),
    Case(
        "po-html-image",
        **translated(lambda s: f'La colección <img src="{canary(s, ".png")}">.', r"HTML"),
    ),
    Case(
        "po-download-role",
        **translated(lambda s: f"La colección {{download}}`aquí <{canary(s)}>`.", "download"),
    ),
    Case(
        "po-doc-role",
        **translated(lambda s: "La colección {doc}`alpha/index`.", r"role \{doc\}"),
    ),
    Case(
        "po-link-added",
        **translated(lambda s: "La [colección](https://evil.example/x).", "link to"),
    ),
    Case(
        "po-link-local-file",
        **translated(lambda s: f"La [colección]({canary(s)}).", "link to"),
    ),
    Case(
        "po-autolink",
        **translated(lambda s: "La colección <https://evil.example/x>.", "autolink|link"),
    ),
    Case("po-inline-html", **translated(lambda s: "La <b>colección</b>.", "HTML")),
    Case(
        "po-script",
        **translated(lambda s: "La colección<script>alert(1)</script>.", "script"),
    ),
    Case(
        "po-event-handler",
        **translated(lambda s: 'La <span onmouseover="alert(1)">colección</span>.', "HTML"),
    ),
    Case(
        "po-javascript-link",
        **translated(lambda s: "La [colección](javascript:alert(1)).", "javascript|link"),
    ),
    Case(
        "po-eval-rst",
        **translated(
            lambda s: f"Texto.\n\n```{{eval-rst}}\n.. include:: {s.canary}\n```",
            r"directive \{eval-rst\}",
        ),
    ),
    Case(
        "po-raw-directive",
        **translated(lambda s: "Texto.\n\n```{raw} html\n<p>hola</p>\n```", r"directive \{raw\}"),
    ),
    Case(
        "po-target",
        **translated(lambda s: "(aqui)=\n\nLa colección.", r"target \(aqui\)="),
    ),
    Case(
        "po-substitution",
        **translated(lambda s: "La colección {{ project }}.", "substitution"),
    ),
    Case(
        "po-footnote-reference",
        **translated(lambda s: "La colección[^nota].", "footnote"),
    ),
    Case(
        "po-heading",
        **translated(lambda s: "# Título\n\nLa colección.", "a heading"),
    ),
    Case(
        "po-list",
        **translated(lambda s: "- La colección\n- reúne un informe.", "a list"),
    ),
    Case(
        "po-table",
        **translated(lambda s: "| a | b |\n|---|---|\n| c | d |", "a table"),
    ),
    Case(
        "po-code-block",
        **translated(lambda s: "Texto.\n\n```\ncódigo\n```", "code block"),
    ),
    Case(
        "po-unterminated-string",
        setup=raw_po('msgid "Second section."\nmsgstr "Segunda sección.\n'),
        where=PO + r":\d+",
        says="msgfmt",
    ),
    Case(
        "po-not-utf8",
        setup=write_bytes('msgid "Second section."\nmsgstr "Secci\xf3n"\n'.encode("latin-1")),
        where=PO + r":\d+",
        says="msgfmt",
    ),
    Case(
        "po-duplicate-msgid",
        setup=raw_po(f'msgid "{SOURCE}"\nmsgstr "Otra traducción."\n'),
        where=PO + ":<LINE>",
        says="duplicate",
    ),
    Case(
        "po-broken-plural-forms",
        setup=header("plural=(n != 1);", "plural=(n != ;"),
        where=PO + r":\d+",
        says="plural",
    ),
    Case(
        "po-format-string",
        setup=raw_po('#, python-format\nmsgid "%(count)s pages"\nmsgstr "páginas"\n'),
        where=PO + r":\d+",
        says="format",
    ),
    Case(
        "po-symlink-outside",
        setup=symlinked_po,
        where=r"locale/es/LC_MESSAGES/evil\.po",
        says="outside the project",
    ),
    Case(
        "po-interface-catalogue",
        setup=interface_directive,
        where=r"locale/es/LC_MESSAGES/shadow-interface\.po:<LINE>",
        says=r"\{include\}",
    ),
    # the same gate in every format, and in the checker a translator runs
    Case(
        "po-include-epub", **translated(include, "include", ("build", "epub", "--languages", "es"))
    ),
    Case("po-include-pdf", **translated(include, "include", ("build", "pdf", "--languages", "es"))),
    Case(
        "po-include-docx",
        **translated(include, "include", ("-m", "build_tools.word", "export", "--languages", "es")),
    ),
    Case(
        "po-include-check-po",
        **translated(include, "include", ("-m", "build_tools.i18n", "check", "--languages", "es")),
    ),
]
