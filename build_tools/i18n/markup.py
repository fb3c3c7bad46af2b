"""The MyST markup a translation must keep: what it is, and how to compare two strings.

Each kind of markup is one ``MarkupKind`` in ``KINDS``: a regular expression and the token
it stands for (a role's target, a footnote label, a URL, ...). Adding a kind of markup is
one entry in that tuple. Kinds are matched in order and each match is masked before the
next kind looks, so a number inside ``{article}`25``` or a URL inside a role is counted
once, by the role. Tokens are compared as multisets between source and translation.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

# A role: {name}`content`, any role name (Sphinx's and ours: {article}, {law}, future ones);
# longer backtick fences allow backticks inside: {name}``a `b` c``. Not right after a
# backtick: `{article}` is a role's name shown as inline code, and what follows is prose.
_ROLE = re.compile(
    r"(?<!`)\{(?P<name>[A-Za-z][\w.:+-]*)\}(?P<fence>`+)(?P<content>.*?)(?P=fence)", re.S
)
# "text <target>": the text is translated, the target is not.
EXPLICIT_TARGET = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>\s*$", re.S)


def _role_token(match: re.Match[str]) -> str:
    content = match["content"]
    explicit = EXPLICIT_TARGET.match(content)
    target = explicit["target"] if explicit else content
    return f"{{{match['name']}}}`{target.strip()}`"


@dataclass(frozen=True)
class MarkupKind:
    """One kind of markup: how to find it and what of it must stay the same."""

    name: str  # in messages: "role", "footnote", ...
    pattern: re.Pattern[str]
    token: Callable[[re.Match[str]], str]
    may_add: bool = False  # True: the translation may contain more of these than the source


KINDS: tuple[MarkupKind, ...] = (
    MarkupKind("role", _ROLE, _role_token),
    # inline code: kept verbatim (after roles, whose content is also in backticks)
    MarkupKind(
        "inline code",
        re.compile(r"(?<!`)(?P<fence>`+)(?!`)(?P<code>.+?)(?<!`)(?P=fence)(?!`)", re.S),
        lambda m: f"`{m['code']}`",
    ),
    MarkupKind(
        "substitution",
        re.compile(r"\{\{\s*(?P<name>[^{}]+?)\s*\}\}"),
        lambda m: f"{{{{ {m['name']} }}}}",
    ),
    MarkupKind(
        "footnote reference", re.compile(r"\[\^(?P<label>[^\]\s]+)\]"), lambda m: f"[^{m['label']}]"
    ),
    # [text](url) and ![alt](url): the text is translated, the URL is not
    MarkupKind(
        "link URL",
        re.compile(
            r"\[(?:[^\[\]\\]|\\.|\[[^\[\]]*\])*\]\(\s*"
            r"(?:<(?P<angled>[^<>\n]*)>|(?P<plain>[^\s()]*(?:\([^\s()]*\)[^\s()]*)*))"
            r"(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
        ),
        lambda m: m["angled"] if m["angled"] is not None else m["plain"],
    ),
    # CommonMark autolinks: <https://...>, <mailto:...>, any scheme
    MarkupKind(
        "autolink",
        re.compile(r"<(?P<url>[A-Za-z][A-Za-z0-9.+-]{1,31}:[^<>\s]*)>"),
        lambda m: m["url"],
    ),
    # article numbers, dates, law numbers: any run of digits not glued to a letter before it
    # ("C143" is a name; "1er" and "25." are numbers). The translation may add numbers
    # ("the sixtieth" -> "la 60e"); it must not lose one.
    MarkupKind("number", re.compile(r"(?<![^\W_])\d+(?!\d)"), lambda m: m[0], may_add=True),
)


def tokens(text: str) -> dict[str, Counter[str]]:
    """The markup tokens of ``text`` by kind name (kinds with none are left out)."""
    found: dict[str, Counter[str]] = {}
    for kind in KINDS:
        counter: Counter[str] = Counter()

        def mask(
            match: re.Match[str], kind: MarkupKind = kind, counter: Counter[str] = counter
        ) -> str:
            counter[kind.token(match)] += 1
            return " " * len(match[0])  # masked: later kinds do not see it again

        text = kind.pattern.sub(mask, text)
        if counter:
            found[kind.name] = counter
    return found


def masked(text: str, kind_names: tuple[str, ...]) -> str:
    """``text`` with the markup of the named kinds blanked out (for other checks)."""
    for kind in KINDS:
        if kind.name in kind_names:
            text = kind.pattern.sub(lambda m: " " * len(m[0]), text)
    return text


@dataclass(frozen=True)
class Difference:
    """Markup of one kind that the translation lost, or added."""

    kind: str
    missing: tuple[str, ...]
    unexpected: tuple[str, ...]

    def message(self) -> str:
        parts = []
        if self.missing:
            parts.append("missing " + ", ".join(self.missing))
        if self.unexpected:
            parts.append("not in the source " + ", ".join(self.unexpected))
        return f"{self.kind}: " + "; ".join(parts)


def compare(source: str, translation: str) -> list[Difference]:
    """One ``Difference`` per kind of markup that differs between the two strings."""
    expected = tokens(source)
    actual = tokens(translation)
    differences = []
    for kind in KINDS:
        want = expected.get(kind.name, Counter())
        have = actual.get(kind.name, Counter())
        missing = tuple(sorted((want - have).elements()))
        unexpected = () if kind.may_add else tuple(sorted((have - want).elements()))
        if missing or unexpected:
            differences.append(Difference(kind.name, missing, unexpected))
    return differences
