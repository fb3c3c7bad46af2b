"""Translations must not smuggle HTML or script into the published site.

MyST passes raw HTML through to the HTML output, so a PO file is code as much as text: a
translation may not add tags its source does not have, never carries script-capable tags
or ``on...=`` event handlers, and never links to ``javascript:``, ``vbscript:`` or
``data:`` URLs. Text inside roles and inline code is not HTML (it is escaped on output),
so it is left out of the tag check: ``{doc}`texto <target>``` is not a ``<target>`` tag;
inline code is left out of every check (``onload=`` in backticks is shown, not run).
"""

from __future__ import annotations

import html
import re
from collections import Counter

from build_tools.i18n.markup import masked

#: refused in a translation even when the source has them
DANGEROUS_TAGS = frozenset(
    {
        "script", "iframe", "img", "object", "embed", "frame", "frameset", "applet", "style",
        "link", "meta", "base", "form", "input", "button", "textarea", "svg", "math", "video",
        "audio", "source", "template",
    }
)  # fmt: skip

_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?=[\s/>]|$)")
_HANDLER = re.compile(r"\bon[a-z]+\s*=", re.I)
# letters may be split by whitespace or control characters, which browsers drop in URLs
_SCRIPT_SCHEME = re.compile(
    "|".join(
        r"[\s\x00-\x1f]*".join(word) + r"[\s\x00-\x1f]*:" for word in ("javascript", "vbscript")
    ),
    re.I,
)
# "data:" is also an English word followed by a colon: only a URL-like "data:<type>/..."
_DATA_URL = re.compile(r"(?<![\w.+-])data[\s\x00-\x1f]*:[\s\x00-\x1f]*[\w.+-]+/[\w.+-]+", re.I)
_NOT_HTML = ("role", "inline code", "autolink")
_CODE = ("inline code",)


def tags(text: str) -> Counter[str]:
    return Counter(name.lower() for name in _TAG.findall(masked(text, _NOT_HTML)))


def unsafe_markup(source: str, translation: str) -> list[str]:
    """Why ``translation`` is unsafe to publish (empty when it is fine)."""
    problems = []
    found = tags(translation)
    allowed = tags(source)
    for name in sorted(found):
        if name in DANGEROUS_TAGS:
            problems.append(f"raw HTML <{name}> tag")
        elif found[name] > allowed[name]:
            problems.append(f"raw HTML <{name}> tag that is not in the source")
    # "java&#115;cript:" is still javascript:; inline code is shown as text, never run
    decoded = html.unescape(masked(translation, _CODE))
    if _HANDLER.search(decoded):
        problems.append(f"HTML event handler {_HANDLER.search(decoded)[0].rstrip('= ')}=")
    for pattern in (_SCRIPT_SCHEME, _DATA_URL):
        if match := pattern.search(decoded):
            scheme = re.sub(r"[\s\x00-\x1f]", "", match[0]).split(":")[0].lower()
            problems.append(f"{scheme}: URL")
    return problems
