"""Cross-references of this project: ``{article}`25``` and ``{law}`es-loex, art. 36```.

Roles validate their target as they are read (a bad article number is reported at its
line); the link is made when pages are written: to the Convention reference in HTML, with
the article's subject as tooltip; as plain text in PDF, where the reference page is not
part of every volume.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from build_tools.model.convention import convention
from build_tools.model.errors import ModelError
from build_tools.model.law import Citation, LawMention, Prose, law_anchor, parse_citation
from build_tools.sphinx_ext.i18n import _
from build_tools.sphinx_ext.warnings import warn


def article_anchor(number: int) -> str:
    return f"article-{number}"


def subject_label(number: int) -> str:
    """The article's subject in the build's language (interface catalogue)."""
    return _(convention().articles[number].subject)


def article_text(number: int) -> str:
    return _("article %(number)s") % {"number": number}


def _to_shadow_domain(result: list[nodes.Node]) -> list[nodes.Node]:
    """Registered as plain roles (``{article}``, not ``{shadow:article}``): point the
    cross-reference at this project's domain."""
    for node in result:
        if isinstance(node, pending_xref):
            node["refdomain"] = "shadow"
    return result


class ArticleRole(XRefRole):
    """``{article}`25``` or ``{article}`the equal pay guarantee <25>```."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        target = self.text.split("<")[-1].rstrip(">") if "<" in self.text else self.text
        try:
            convention().article(target)
        except ModelError as error:
            warn("article", self.get_location(), "article: %s", error)
            return [nodes.inline(self.rawtext, self.text)], []
        result, messages = super().run()
        for node in _to_shadow_domain(result):
            if isinstance(node, pending_xref):
                node["reftarget"] = target.strip()
        return result, messages


class LawRole(XRefRole):
    """``{law}`es-loex``` or ``{law}`es-loex, art. 36```."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        target = self.text.split("<")[-1].rstrip(">") if "<" in self.text else self.text
        try:
            citation = parse_citation(target)
        except ModelError as error:
            warn("law", self.get_location(), "law: %s", error)
            return [nodes.inline(self.rawtext, self.text)], []
        result, messages = super().run()
        for node in _to_shadow_domain(result):
            if isinstance(node, pending_xref):
                node["reftarget"] = citation.law_id
                node["shadow_provision"] = citation.provision
        return result, messages


def replacement_xref(law_id: str, source: nodes.Element | None) -> pending_xref:
    """A link to the law that replaced another (its id is checked by the collection)."""
    return citation_xref(law_id, "", source)


def citation_xref(law_id: str, provision: str, source: nodes.Element | None = None) -> pending_xref:
    """A law citation made by a directive (an assessment's provisions)."""
    text = f"{law_id}, {provision}" if provision else law_id
    node = pending_xref(
        "",
        nodes.inline(text, text),
        refdomain="shadow",
        reftype="law",
        reftarget=law_id,
        refexplicit=False,
        refwarn=True,
        shadow_provision=provision,
        shadow_reported=True,
    )
    if source is not None:
        node.source, node.line = source.source, source.line
    return node


def resolve_reference(
    domain: Any,
    env: BuildEnvironment,
    fromdocname: str,
    builder: Builder,
    typ: str,
    target: str,
    node: pending_xref,
    contnode: nodes.Element,
) -> nodes.Element | None:
    explicit = node.get("refexplicit")
    if typ == "article":
        number = int(target)
        text = contnode.astext() if explicit else article_text(number)
        page = domain.convention_page()
        if builder.format == "latex" or page is None:
            return nodes.inline(text, text, classes=["shadow-article"])
        return make_refnode(
            builder,
            fromdocname,
            page,
            article_anchor(number),
            nodes.inline(text, text, classes=["shadow-article"]),
            title=f"{article_text(number)}: {subject_label(number)}",
        )
    if typ == "law":
        entry = domain.law(target)
        if entry is None:
            if node.get("shadow_reported"):  # check_consistency has said it, with its line
                return contnode
            return None  # Sphinx reports it, with the dangling_warnings message
        provision = node.get("shadow_provision", "")
        text = contnode.astext() if explicit else entry.law.short_title
        if provision and not explicit:
            text = f"{text}, {provision}"
        if builder.format == "latex":
            return nodes.inline(text, text, classes=["shadow-law"])
        return make_refnode(
            builder,
            fromdocname,
            entry.docname,
            law_anchor(target),
            nodes.inline(text, text, classes=["shadow-law"]),
            title=entry.law.title,
        )
    return None


def prose_parts(node: nodes.Node) -> Prose:
    """A node's text as the page shows it, for the open data: ``{article}`25``` becomes
    "article 25" (in the build's language), a glossary term its words, and a law citation a
    :class:`LawMention` that the collection renders with the law's short title once every
    page is read (a law may be declared on a page read later). Blocks are separated by a
    blank line, as ``astext()`` separates them."""
    parts: list[str | LawMention] = []

    def add(item: str | LawMention) -> None:
        if isinstance(item, str) and parts and isinstance(parts[-1], str):
            parts[-1] += item
        elif item != "":
            parts.append(item)

    def walk(current: nodes.Node) -> None:
        if isinstance(current, nodes.Text):
            add(current.astext())
            return
        if isinstance(current, pending_xref) and current.get("refdomain") == "shadow":
            explicit = bool(current.get("refexplicit"))
            if current.get("reftype") == "article":
                target = str(current["reftarget"])
                add(current.astext() if explicit else article_text(int(target)))
                return
            if current.get("reftype") == "law":
                citation = Citation(current["reftarget"], current.get("shadow_provision", ""))
                add(LawMention(citation, current.astext() if explicit else ""))
                return
        if not isinstance(current, nodes.Element):
            add(current.astext())
            return
        separator = current.child_text_separator
        for index, child in enumerate(current.children):
            if index and separator:
                add(separator)
            walk(child)

    walk(node)
    return tuple(parts)
