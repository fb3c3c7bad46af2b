"""MyST Markdown from pandoc's document tree (its JSON form), one page at a time.

Why our own writer rather than pandoc's Markdown: MyST is not pandoc Markdown (no bracketed
spans, no grid tables, ``%`` starts a comment, directives are fenced), footnotes must be
defined on the page that cites them once a document is split into pages, and every element
that cannot be written as MyST must be counted for the summary, never dropped silently.

- footnotes become ``[^n]`` with their definitions at the end of the page;
- tables become pipe tables when every cell is one line of text and there is one header
  row, otherwise ``{list-table}`` (merged cells are flattened, and said so);
- Word comments and tracked changes (pandoc ``--track-changes=all``) become a "Reviewer
  note" admonition after the paragraph they are in: inserted text is kept, deleted text is
  shown only in the note, a comment quotes the text it was made on;
- internal links point to explicit targets (``(label)=``) through ``{ref}``;
- text is escaped so that nothing in it is read as markup (nor as raw HTML).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

Node = dict[str, Any]

EXTERNAL_SCHEMES = ("http:", "https:", "mailto:", "ftp:", "tel:")
# characters that may start markup anywhere in a line
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>{}|&$~])")
# what would start a block if it began a line
_LINE_START = re.compile(r"^(\s*)([#>+\-=:%|(]|\d+[.)])")
TRACK_CLASSES = ("insertion", "deletion", "paragraph-insertion", "paragraph-deletion")


def escape(text: str) -> str:
    """Text as text: no character in it starts MyST markup or raw HTML."""
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def escape_line_starts(text: str) -> str:
    r"""``# not a heading`` -> ``\# not a heading``, on every line of ``text``."""
    return "\n".join(_LINE_START.sub(r"\1\\\2", line, count=1) for line in text.split("\n"))


def single_line(markdown: str) -> str:
    """Markdown on one line: hard line breaks (a backslash at the end of a line) and
    newlines become spaces (a heading is one line)."""
    return " ".join(markdown.replace("\\\n", " ").split())


def slug(text: str, limit: int = 50) -> str:
    """A safe file or label name: ASCII letters, digits and hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    result = "-".join(words)[:limit].strip("-")
    return result


def fence(content: str, char: str = "`") -> str:
    """A directive fence longer than any run of ``char`` in its content."""
    runs = [len(m) for m in re.findall(re.escape(char) + "+", content)]
    return char * max(3, max(runs, default=0) + 1)


def indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line if line.strip() else "" for line in text.split("\n"))


def plain(inlines: Sequence[Node]) -> str:
    """The text of some inlines, without any markup."""
    out: list[str] = []
    for node in inlines:
        kind = node["t"]
        content = node.get("c")
        if kind == "Str":
            out.append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif kind in ("Code", "Math", "RawInline"):
            out.append(content[1])
        elif kind in ("Link", "Image", "Span"):
            out.append(plain(content[1]))
        elif kind in ("Quoted", "Cite"):
            out.append(plain(content[1]))
        elif kind == "Note":
            continue
        elif isinstance(content, list) and content and isinstance(content[0], dict):
            out.append(plain(content))  # Emph, Strong, ...
    return "".join(out)


def attributes(attr: Sequence[Any]) -> tuple[str, list[str], dict[str, str]]:
    identifier, classes, pairs = attr
    return identifier, list(classes), {k: v for k, v in pairs}


@dataclass
class Stats:
    """What was converted, and what needs a person's attention."""

    converted: Counter[str] = field(default_factory=Counter)
    attention: list[str] = field(default_factory=list)
    lost_formatting: Counter[str] = field(default_factory=Counter)

    def problem(self, message: str) -> None:
        if message not in self.attention:
            self.attention.append(message)


@dataclass
class _Comment:
    author: str
    date: str
    text: str
    anchored: list[str] = field(default_factory=list)


def _who(pairs: dict[str, str]) -> str:
    author = pairs.get("author") or "unknown author"
    date = (pairs.get("date") or "")[:10]
    return f"{author} ({date})" if date else author


def _quote(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return "“" + (text if len(text) <= limit else text[: limit - 1] + "…") + "”"


class PageWriter:
    """Writes the blocks of one page; footnotes and reviewer notes are per page."""

    def __init__(
        self,
        stats: Stats,
        media: Callable[[str], str | None],
        labels: dict[str, str],
        page_of: dict[str, str],
    ) -> None:
        self.stats = stats
        self.media = media  # image path in pandoc's tree -> path relative to the page
        self.labels = labels  # link target id -> explicit MyST label
        self.page_of = page_of  # id of a heading that starts a page -> page file
        self.notes: list[str] = []
        self.review: list[str] = []
        self.comments: dict[str, _Comment] = {}
        self.pending_labels: list[str] = []
        self.table_number = 0

    # --- blocks ---------------------------------------------------------------------------
    def page(self, title: str | Sequence[Node], blocks: Sequence[Node], heading_base: int) -> str:
        """A page: its title (text, or the inlines of the heading that starts it), then
        its blocks, a heading of level ``heading_base + 1`` becoming ``##``."""
        text = escape(title) if isinstance(title, str) else self.inlines(title)
        parts = [f"# {single_line(text)}"]
        parts += self.blocks(blocks, top=True, heading_base=heading_base)
        for comment_id in list(self.comments):  # a comment whose end is on no later page
            self._close_comment(comment_id)
        if self.review:
            parts.append(self._review_note())
        if self.notes:
            parts.append("\n".join(self.notes))
        return "\n\n".join(p for p in parts if p.strip()) + "\n"

    def blocks(
        self, blocks: Iterable[Node], top: bool = False, heading_base: int | None = None
    ) -> list[str]:
        out: list[str] = []
        last_heading = 1
        for block in blocks:
            if block["t"] == "Header" and heading_base is not None:
                level = block["c"][0] - heading_base + 1
                normal = max(2, min(level, last_heading + 1))  # no skipped level
                if normal != level:
                    self.stats.converted["heading levels adjusted"] += 1
                last_heading = normal
                text = self.block(block, heading_level=normal)
            else:
                text = self.block(block)
            if self.pending_labels:
                text = "\n".join(f"({label})=" for label in self.pending_labels) + "\n" + text
                self.pending_labels = []
            if text.strip():
                out.append(text)
            self._capture(" ")  # a comment's quoted text: a space between paragraphs
            if top and self.review:
                out.append(self._review_note())
        return out

    def _review_note(self) -> str:
        items = "\n".join(f"- {escape_line_starts(escape(item))}" for item in self.review)
        self.review = []
        body = f"{{admonition}} Reviewer note\n:class: reviewer-note\n\n{items}\n"
        marks = fence(body)
        return f"{marks}{body}{marks}"

    def block(self, node: Node, heading_level: int | None = None) -> str:
        kind, content = node["t"], node.get("c")
        if kind in ("Para", "Plain"):
            self.stats.converted["paragraphs"] += 1
            return escape_line_starts(self.inlines(content))
        if kind == "Header":
            level, attr, inlines = content
            identifier = attr[0]
            if identifier in self.labels:
                self.pending_labels.append(self.labels[identifier])
            self.stats.converted["headings"] += 1
            text = single_line(self.inlines(inlines))
            return "#" * min(6, heading_level or level) + " " + text
        if kind == "BulletList":
            return self._list(content, lambda i: "- ")
        if kind == "OrderedList":
            (start, _style, delim), items = content
            mark = ")" if delim["t"] == "OneParen" else "."
            return self._list(items, lambda i: f"{start + i}{mark} ")
        if kind == "BlockQuote":
            return indent("\n\n".join(self.blocks(content)), "> ").replace("\n\n", "\n>\n")
        if kind == "CodeBlock":
            _attr, text = content
            marks = fence(text)
            return f"{marks}text\n{text}\n{marks}"
        if kind == "HorizontalRule":
            return "***"
        if kind == "LineBlock":
            return "\\\n".join(escape_line_starts(self.inlines(line)) for line in content)
        if kind == "DefinitionList":
            return self._definitions(content)
        if kind == "Table":
            return self._table(content)
        if kind == "Figure":
            return self._figure(content)
        if kind == "Div":
            attr, blocks = content
            if attr[0] in self.labels:
                self.pending_labels.append(self.labels[attr[0]])
            return "\n\n".join(self.blocks(blocks))
        if kind == "RawBlock":
            fmt, text = content
            self.stats.converted["raw blocks not converted"] += 1
            self.stats.problem(f"raw {fmt} content not converted (shown as a code block)")
            marks = fence(text)
            return f"{marks}text\n{text}\n{marks}"
        if kind == "Null":
            return ""
        self.stats.problem(f"unknown block '{kind}' not converted")
        return ""

    def _list(self, items: Sequence[Sequence[Node]], marker: Callable[[int], str]) -> str:
        out = []
        tight = all(not blocks or blocks[0]["t"] == "Plain" for blocks in items)
        for i, blocks in enumerate(items):
            mark = marker(i)
            body = ("\n" if tight else "\n\n").join(self.blocks(blocks))
            lines = body.split("\n")
            first = mark + lines[0]
            rest = indent("\n".join(lines[1:]), " " * len(mark)) if len(lines) > 1 else ""
            out.append(first + ("\n" + rest if rest else ""))
        return ("\n" if tight else "\n\n").join(out)

    def _definitions(self, items: Sequence[Any]) -> str:
        out = []
        for term, definitions in items:
            lines = [escape_line_starts(self.inlines(term))]
            for blocks in definitions:
                body = "\n\n".join(self.blocks(blocks))
                lines.append(": " + indent(body, "  ").lstrip())
            out.append("\n".join(lines))
        return "\n\n".join(out)

    def _figure(self, content: Sequence[Any]) -> str:
        _attr, (_short, caption_blocks), blocks = content
        images = [n for b in blocks for n in _walk_inlines(b) if n["t"] == "Image"]
        if len(images) != 1:
            return "\n\n".join(self.blocks(blocks + caption_blocks))
        image = images[0]
        target = self._image_target(image)
        if target is None:
            return "\n\n".join(self.blocks(caption_blocks))
        alt = plain(image["c"][1]).strip()
        caption = "\n\n".join(self.blocks(caption_blocks))
        if not alt:
            alt = plain([n for b in caption_blocks for n in b.get("c", [])]).strip()
        if not alt:
            self.stats.converted["images without alt text"] += 1
        options = f":alt: {' '.join(alt.split())}\n" if alt else ""
        body = f"{{figure}} {target}\n{options}\n{caption}\n"
        marks = fence(body)
        return f"{marks}{body}{marks}"

    # --- tables ---------------------------------------------------------------------------
    def _table(self, content: Sequence[Any]) -> str:
        attr, (_short, caption_blocks), colspecs, head, bodies, foot = content
        self.table_number += 1
        if attr[0] in self.labels:
            self.pending_labels.append(self.labels[attr[0]])
        columns = len(colspecs)
        head_rows = head[1]
        body_rows = [row for body in bodies for row in (*body[2], *body[3])]
        foot_rows = foot[1]
        grid, merged = _grid([*head_rows, *body_rows, *foot_rows], columns)
        if merged:
            self.stats.converted["tables with merged cells flattened"] += 1
            self.stats.problem(
                f"table {self.table_number}: merged cells flattened (MyST tables have no "
                "row or column spans); check it"
            )
        caption = " ".join(plain(b.get("c", [])) for b in caption_blocks).strip()
        simple = len(head_rows) == 1 and all(_one_line(cell) for row in grid for cell in row)
        if simple:
            self.stats.converted["tables (pipe)"] += 1
            return self._pipe_table(grid, colspecs, caption)
        self.stats.converted["tables (list-table)"] += 1
        return self._list_table(grid, len(head_rows), caption)

    def _cell_line(self, blocks: Sequence[Node]) -> str:
        return " ".join(self.inlines(b["c"]) for b in blocks if b["t"] in ("Plain", "Para"))

    def _pipe_table(
        self, grid: list[list[list[Node]]], colspecs: Sequence[Any], caption: str
    ) -> str:
        align = {"AlignLeft": ":---", "AlignRight": "---:", "AlignCenter": ":---:"}
        lines = ["| " + " | ".join(self._cell_line(c) for c in grid[0]) + " |"]
        lines.append("|" + "|".join(align.get(spec[0]["t"], "---") for spec in colspecs) + "|")
        for row in grid[1:]:
            lines.append("| " + " | ".join(self._cell_line(c) for c in row) + " |")
        table = "\n".join(lines)
        if not caption:
            return table
        body = f"{{table}} {escape(caption)}\n\n{table}\n"
        marks = fence(body)
        return f"{marks}{body}{marks}"

    def _list_table(self, grid: list[list[list[Node]]], header_rows: int, caption: str) -> str:
        rows = []
        for row in grid:
            cells = []
            for i, blocks in enumerate(row):
                body = "\n\n".join(self.blocks(blocks))
                mark = "* - " if i == 0 else "  - "
                lines = body.split("\n") if body else [""]
                text = (mark + lines[0]).rstrip()
                if len(lines) > 1:
                    text += "\n" + indent("\n".join(lines[1:]), "    ")
                cells.append(text)
            rows.append("\n".join(cells))
        argument = f" {escape(caption)}" if caption else ""
        body = f"{{list-table}}{argument}\n:header-rows: {header_rows}\n\n" + "\n".join(rows) + "\n"
        marks = fence(body)
        return f"{marks}{body}{marks}"

    # --- inlines --------------------------------------------------------------------------
    def _capture(self, text: str) -> None:
        for comment in self.comments.values():
            comment.anchored.append(text)

    def inlines(self, inlines: Sequence[Node]) -> str:
        return "".join(self.inline(node) for node in inlines)

    def _wrap(self, mark: str, inlines: Sequence[Node]) -> str:
        inner = self.inlines(inlines)
        stripped = inner.strip()
        if not stripped:
            return inner
        lead = inner[: len(inner) - len(inner.lstrip())]
        trail = inner[len(inner.rstrip()) :]
        return f"{lead}{mark}{stripped}{mark}{trail}"

    def _role(self, role: str, text: str) -> str:
        text = " ".join(text.split())
        marks = "`" * (max((len(m) for m in re.findall("`+", text)), default=0) + 1)
        pad = " " if text.startswith("`") or text.endswith("`") else ""
        return (
            f"{{{role}}}{marks}{pad}{text}{pad}{marks}"
            if role
            else f"{marks}{pad}{text}{pad}{marks}"
        )

    def inline(self, node: Node) -> str:
        kind, content = node["t"], node.get("c")
        if kind == "Str":
            self._capture(content)
            return escape(content)
        if kind in ("Space", "SoftBreak"):
            self._capture(" ")
            return " "
        if kind == "LineBreak":
            self._capture(" ")
            return "\\\n"
        if kind == "Emph":
            return self._wrap("*", content)
        if kind == "Strong":
            return self._wrap("**", content)
        if kind in ("Underline", "Strikeout", "SmallCaps"):
            self.stats.lost_formatting[kind.lower()] += 1
            return self.inlines(content)
        if kind == "Superscript":
            return self._role("sup", plain(content))
        if kind == "Subscript":
            return self._role("sub", plain(content))
        if kind == "Quoted":
            quote, inner = content
            left, right = ("“", "”") if quote["t"] == "DoubleQuote" else ("‘", "’")
            return left + self.inlines(inner) + right
        if kind == "Cite":
            return self.inlines(content[1])
        if kind == "Code":
            self._capture(content[1])
            return self._role("", content[1])
        if kind == "Math":
            return self._role("math", content[1])
        if kind == "RawInline":
            fmt, text = content
            self.stats.converted["raw inlines not converted"] += 1
            self.stats.problem(f"raw {fmt} text not converted (kept as code)")
            return self._role("", text)
        if kind == "Link":
            return self._link(content)
        if kind == "Image":
            return self._image(node)
        if kind == "Note":
            return self._note(content)
        if kind == "Span":
            return self._span(content)
        self.stats.problem(f"unknown inline '{kind}' not converted")
        return ""

    def _link(self, content: Sequence[Any]) -> str:
        _attr, inlines, (url, _title) = content
        text = self.inlines(inlines)
        if url.startswith("#"):
            target = url[1:]
            if target in self.page_of:
                self.stats.converted["internal links"] += 1
                return f"[{text}]({self.page_of[target]})"
            if target in self.labels:
                self.stats.converted["internal links"] += 1
                words = re.sub(r"[<>`]", "", plain(inlines)).strip() or target
                return self._role("ref", f"{words} <{self.labels[target]}>")
            self.stats.converted["links to missing targets, kept as text"] += 1
            return text
        if url.lower().startswith(EXTERNAL_SCHEMES):
            self.stats.converted["links"] += 1
            destination = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
            return f"[{text}]({destination})"
        self.stats.converted["unsafe or relative links, kept as text"] += 1
        self.stats.problem(f"link to '{url}' kept as text (not a web address)")
        return text

    def _image_target(self, node: Node) -> str | None:
        _attr, _alt, (url, _title) = node["c"]
        target = self.media(url)
        if target is None:
            self.stats.converted["images left out"] += 1
            self.stats.problem(f"image '{url.rsplit('/', 1)[-1]}' could not be used: left out")
            return None
        self.stats.converted["images"] += 1
        return target

    def _image(self, node: Node) -> str:
        target = self._image_target(node)
        if target is None:
            return ""
        alt = plain(node["c"][1]).strip()
        if not alt:
            self.stats.converted["images without alt text"] += 1
        return f"![{escape(' '.join(alt.split()))}]({target})"

    def _note(self, blocks: Sequence[Node]) -> str:
        number = len(self.notes) + 1
        self.notes.append("")  # its place: a note inside this note takes the next number
        # reviewer notes inside a footnote go after the paragraph that cites it
        body = "\n\n".join(self.blocks(blocks)) or "\\-"
        lines = body.split("\n")
        definition = f"[^{number}]: {lines[0]}"
        if len(lines) > 1:
            definition += "\n" + indent("\n".join(lines[1:]), "    ")
        self.notes[number - 1] = definition
        self.stats.converted["footnotes"] += 1
        return f"[^{number}]"

    def _span(self, content: Sequence[Any]) -> str:
        attr, inlines = content
        identifier, classes, pairs = attributes(attr)
        if identifier in self.labels:
            self.pending_labels.append(self.labels[identifier])
        if "comment-start" in classes:
            key = pairs.get("id", str(len(self.comments)))
            self.comments[key] = _Comment(_who(pairs), "", plain(inlines))
            self.stats.converted["comments"] += 1
            return ""
        if "comment-end" in classes:
            self._close_comment(pairs.get("id", ""))
            return ""
        if "insertion" in classes:
            text = self.inlines(inlines)
            self.review.append(f"Inserted by {_who(pairs)}: {_quote(plain(inlines))}")
            self.stats.converted["tracked insertions"] += 1
            return text
        if "deletion" in classes:
            self.review.append(
                f"Deleted by {_who(pairs)} (not in the text above): {_quote(plain(inlines))}"
            )
            self.stats.converted["tracked deletions"] += 1
            return ""
        if "paragraph-insertion" in classes or "paragraph-deletion" in classes:
            what = "inserted" if "paragraph-insertion" in classes else "deleted"
            self.review.append(f"Paragraph break {what} by {_who(pairs)}")
            self.stats.converted["tracked paragraph changes"] += 1
            return self.inlines(inlines)
        return self.inlines(inlines)

    def _close_comment(self, key: str) -> None:
        comment = self.comments.pop(key, None)
        if comment is None:
            return
        anchored = "".join(comment.anchored).strip()
        on = f" on {_quote(anchored)}" if anchored else ""
        self.review.append(f"Comment by {comment.author}{on}: {comment.text}")


def _walk_inlines(block: Node) -> Iterable[Node]:
    content = block.get("c")
    if isinstance(content, list):
        for item in content:
            if isinstance(item, dict) and "t" in item:
                yield item
                yield from _walk_inlines(item)


def _has_line_break(inlines: Sequence[Node]) -> bool:
    for node in inlines:
        if node["t"] == "LineBreak":
            return True
        content = node.get("c")
        if node["t"] in ("Note", "Image"):
            continue  # a note's text goes to the end of the page; an image is one line
        if node["t"] in ("Link", "Span", "Quoted", "Cite"):
            content = content[1]
        if isinstance(content, list) and content and isinstance(content[0], dict):
            if _has_line_break(content):
                return True
    return False


def _one_line(blocks: Sequence[Node]) -> bool:
    """A cell a pipe table can hold: at most one paragraph, with no line break."""
    if len(blocks) > 1:
        return False
    if not blocks:
        return True
    block = blocks[0]
    return block["t"] in ("Plain", "Para") and not _has_line_break(block["c"])


def _grid(rows: Sequence[Any], columns: int) -> tuple[list[list[list[Node]]], bool]:
    """Rows of cells as a full grid: a merged cell's content in its first position, empty
    cells in the others. Returns the grid and whether any cell was merged."""
    grid: list[list[list[Node]]] = []
    pending: dict[tuple[int, int], bool] = {}  # (row, column) covered by a row span
    merged = False
    for r, row in enumerate(rows):
        cells = row[1]
        line: list[list[Node]] = []
        column = 0
        for cell in cells:
            while (r, column) in pending:
                line.append([])
                column += 1
            _attr, _align, rowspan, colspan, blocks = cell
            line.append(list(blocks))
            if rowspan > 1 or colspan > 1:
                merged = True
            for extra_row in range(1, rowspan):
                for extra_column in range(colspan):
                    pending[(r + extra_row, column + extra_column)] = True
            for _ in range(1, colspan):
                line.append([])
            column += colspan
        while len(line) < columns:
            line.append([])
        grid.append(line[:columns] if columns else line)
    return grid, merged
