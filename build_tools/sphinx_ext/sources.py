"""Checks of a page as it is read, for mistakes the parsers accept silently or crash on:

* a page that is not UTF-8: Sphinx stops with a crash report; here the page is read with
  the bad bytes replaced, and the first one is named by its byte offset and line;
* a code or directive fence that is never closed: CommonMark lets it run to the end of
  the page (or of the directive around it), swallowing every section after it without a
  word; here the line where it opens is named.
"""

from __future__ import annotations

import codecs
import encodings.utf_8_sig
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from build_tools.sphinx_ext.warnings import warn

#: the codec pages are read with: UTF-8 (a BOM allowed), a bad byte replaced by U+FFFD
#: so that reading goes on and :func:`check_page` can name it
LENIENT = "shadow_utf_8_replace"

# directives whose content is not Markdown: a ``` line inside them is text, not a fence
LITERAL_DIRECTIVES = {
    "code-block",
    "code",
    "sourcecode",
    "code-cell",
    "literalinclude",
    "math",
    "eval-rst",
    "raw",
    "csv-table",
    "toctree",
    "bibliography",
    "mermaid",
    "graphviz",
}
_DIRECTIVE = re.compile(r"^\{([^}\s]+)\}")


class _Decoder(encodings.utf_8_sig.IncrementalDecoder):
    def __init__(self, errors: str = "strict") -> None:
        super().__init__("replace")


def _decode(data: bytes, errors: str = "strict") -> tuple[str, int]:
    return codecs.utf_8_decode(data.removeprefix(codecs.BOM_UTF8), "replace", True)


def _search(name: str) -> codecs.CodecInfo | None:
    if name.replace("-", "_").lower() != LENIENT:
        return None
    utf8 = codecs.lookup("utf-8-sig")
    return codecs.CodecInfo(
        name=LENIENT,
        encode=utf8.encode,
        decode=_decode,
        incrementalencoder=utf8.incrementalencoder,
        incrementaldecoder=_Decoder,
        streamreader=utf8.streamreader,
        streamwriter=utf8.streamwriter,
    )


codecs.register(_search)


def first_bad_byte(data: bytes) -> tuple[int, int, str] | None:
    """(byte offset, line, the byte as 0x..) of the first byte that is not UTF-8."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return error.start, line, f"0x{data[error.start]:02x}"
    return None


def read_leniently(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Before reading: pages are decoded with :data:`LENIENT` (UTF-8 is the only encoding
    of the sources; a bad byte is reported by :func:`check_page`, not a crash)."""
    if str(env.settings.get("input_encoding", "")).lower().replace("-", "") in (
        "utf8",
        "utf8sig",
    ):
        env.settings["input_encoding"] = LENIENT


_parsers: dict[int, tuple[Any, Any]] = {}  # id(MyST configuration) -> (it, its parser)


def _md_parser(env: BuildEnvironment) -> Any:
    """A markdown-it parser with this build's MyST configuration (the syntax MyST reads),
    block rules only: fences are blocks, and parsing the inline text of every paragraph
    again cost a third of MyST's own parse."""
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    config = getattr(env, "myst_config", None) or MdParserConfig()
    cached = _parsers.get(id(config))
    if cached is None or cached[0] is not config:
        _parsers.clear()
        parser = create_md_parser(config, RendererHTML)
        parser.core.ruler.enableOnly(["normalize", "block"])
        cached = _parsers[id(config)] = (config, parser)
    return cached[1]


def unclosed_fences(parser: Any, text: str, first_line: int = 1) -> list[tuple[int, str, str]]:
    """(line, fence, directive) of each fence in ``text`` that is never closed; directive
    fences are searched inside too (their content is Markdown)."""
    found: list[tuple[int, str, str]] = []
    lines = text.splitlines()
    for token in parser.parse(text):
        if token.type not in ("fence", "colon_fence") or not token.map:
            continue
        start, end = token.map
        fence = token.markup
        close = re.compile(rf"[\s>]*{re.escape(fence[0])}{{{len(fence)},}}\s*")
        directive = _DIRECTIVE.match(token.info.strip())
        name = directive[1] if directive else ""
        if end - start < 2 or end > len(lines) or not close.fullmatch(lines[end - 1]):
            found.append((first_line + start, fence, name))
            continue
        if name and name not in LITERAL_DIRECTIVES and token.content:
            found += unclosed_fences(parser, token.content, first_line + start + 1)
    return found


def check_page(app: Sphinx, docname: str, source: list[str]) -> None:
    env = app.env
    if "\ufffd" in source[0]:
        path = Path(env.doc2path(docname))
        try:
            bad = first_bad_byte(path.read_bytes())
        except OSError:
            bad = None
        if bad:
            offset, line, byte = bad
            warn(
                "source",
                (docname, line),
                "this page is not UTF-8: byte %s at offset %d is not valid UTF-8; save the "
                "file as UTF-8 (the only encoding of the sources)",
                byte,
                offset,
            )
    if not any(mark in source[0] for mark in ("```", "~~~", ":::")):
        return
    for line, fence, name in unclosed_fences(_md_parser(env), source[0]):
        what = f"{fence}{{{name}}}" if name else fence
        warn(
            "source",
            (docname, line),
            "the fence %s opened here is never closed, so it runs to the end of the page or "
            "of the directive around it; close it with a line of %s (or longer), no text after",
            what,
            fence,
        )


def setup_sources(app: Sphinx) -> None:
    app.connect("env-before-read-docs", read_leniently)
    # before MyST and our other handlers see the text
    app.connect("source-read", check_page, priority=100)
