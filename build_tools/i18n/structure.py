"""What a string *does* as MyST, beyond its words: the structure a translation may not add.

``markup.py`` compares the tokens a translator must keep (a role's target, a URL) with
regular expressions, which is what a translator's error message needs. This module answers
the safety question instead, with MyST's own parser (markdown-it with MyST's plugins, as
the build parses a translation): parse the source and the translation, list every element
that is more than words (a directive or code fence, a role, a link or image and its
address, a target, HTML, a substitution, a footnote reference, a new block such as a
heading, list or table), and report what the translation has that the source has not.
Emphasis and inline code are words with a style, and may be added.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from build_tools.i18n.markup import EXPLICIT_TARGET as _EXPLICIT_TARGET

#: token types that are words (or the paragraph around them), never structure
_WORDS = frozenset(
    {
        "text", "softbreak", "hardbreak", "inline", "paragraph_open", "paragraph_close",
        "em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close",
        "code_inline", "link_close", "myst_line_comment",
    }
)  # fmt: skip
#: blocks a sentence can become: only where the source is one too
_BLOCKS = {
    "heading_open": "a heading",
    "bullet_list_open": "a list",
    "ordered_list_open": "a list",
    "blockquote_open": "a block quote",
    "table_open": "a table",
    "hr": "a rule",
    "code_block": "a code block",
    "dl_open": "a definition list",
    "field_list_open": "a field list",
    "math_block": "a math block",
    "footnote_block_open": "a footnote",
}
_IGNORED_CLOSERS = ("_close",)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # the parser of the build (conf.py enables colon_fence and deflist); every extension a
    # project might turn on is enabled here, so that none is missed
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    config = MdParserConfig(
        enable_extensions={
            "colon_fence",
            "deflist",
            "dollarmath",
            "amsmath",
            "fieldlist",
            "substitution",
            "html_image",
            "attrs_inline",
            "attrs_block",
            "tasklist",
        }  # fmt: skip
    )
    return create_md_parser(config, RendererHTML)


def _describe(token: Token) -> str | None:
    """What one token adds to a page, in words for a message; None for words."""
    kind = token.type
    if kind in _WORDS or kind.endswith(_IGNORED_CLOSERS):
        return None
    if kind in ("fence", "colon_fence"):
        name = (token.info or "").strip().split(maxsplit=1)
        first = name[0] if name else ""
        if first.startswith("{") and first.endswith("}"):
            return f"directive {first}"
        return f"code block {first}".rstrip() if kind == "fence" else f"block ::: {first}"
    if kind == "link_open":
        return f"link to '{token.attrGet('href') or ''}'"
    if kind == "image":
        return f"image '{token.attrGet('src') or ''}'"
    if kind in ("html_inline", "html_block"):
        return f"HTML {token.content.strip()[:40]!r}"
    if kind == "myst_role":  # the text of a role is words; its target is not
        explicit = _EXPLICIT_TARGET.match(token.content)
        target = (explicit["target"] if explicit else token.content).strip()
        return f"role {{{token.meta.get('name', '')}}}`{target}`"
    if kind == "myst_target":
        return f"target ({token.content})="
    if kind.startswith("substitution"):
        return f"substitution {{{{ {token.content.strip()} }}}}"
    if kind == "footnote_ref":
        return f"footnote reference [^{token.meta.get('label', '')}]"
    if kind in ("math_inline", "math_inline_double"):
        return "math"
    if kind in _BLOCKS:
        return _BLOCKS[kind]
    if kind.startswith(("myst_", "front_matter")):
        return f"{kind.removeprefix('myst_').replace('_', ' ')} '{token.content.strip()[:40]}'"
    return kind.replace("_open", "").replace("_", " ")


def elements(text: str) -> Counter[str]:
    """Everything in ``text`` that is more than words, as a multiset of descriptions."""
    found: Counter[str] = Counter()
    stack = list(_parser().parse(text))
    while stack:
        token = stack.pop()
        if (description := _describe(token)) is not None:
            found[description] += 1
        stack.extend(token.children or ())
    return found


def added(source: str, translation: str) -> list[str]:
    """What ``translation`` has and ``source`` has not (empty: words only)."""
    extra = elements(translation) - elements(source)
    return sorted(extra.elements())
