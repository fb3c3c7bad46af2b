"""Legal instruments (a national act, decree, code or EU directive) and citations of them.

An instrument is declared once, on a report's legal-framework page, and cited anywhere by
its id, optionally with a provision: ``es-loex`` or ``es-loex, art. 36``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

from build_tools.model.errors import ModelError, require

# lower-case letters, digits and hyphens; starts with a letter: "es-loex", "eu-2003-86"
LAW_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


class LawStatus(StrEnum):
    IN_FORCE = "in force"
    REPEALED = "repealed"


@dataclass(frozen=True)
class LegalInstrument:
    id: str
    country: str  # of the report declaring it (ISO code or EU)
    title: str  # in its original language
    short_title: str
    date: dt.date | None
    reference: str  # complete: number, date, official journal and issue
    url: str  # the text of the law on its official site (not the gazette's home page)
    status: LawStatus
    #: European Legislation Identifier (or the official permanent address where the
    #: jurisdiction has none), e.g. https://www.boe.es/eli/es/lo/2000/01/11/4
    eli: str = ""
    replaced_by: str = ""  # id of the declared law that replaced this one

    @property
    def link(self) -> str:
        """Where a reader finds the text: the URL, else the ELI."""
        return self.url or self.eli

    @property
    def link_has_path(self) -> bool:
        """False for a gazette's home page (``https://www.boe.es``): no path to a text."""
        return not self.link or urlsplit(self.link).path.strip("/") != ""


@dataclass(frozen=True)
class Citation:
    law_id: str
    provision: str = ""  # "art. 36", "s. 4(1)"

    def __str__(self) -> str:
        return f"{self.law_id}, {self.provision}" if self.provision else self.law_id


@dataclass(frozen=True)
class LawMention:
    """A ``{law}`` citation inside prose kept for the open data, resolved once every law is
    known: the page shows the law's short title with the provision (or the author's words)."""

    citation: Citation
    text: str = ""  # the author's own words (``{law}`the Act <ie-ipa-2026>```)

    def render(self, laws: Mapping[str, LegalInstrument]) -> str:
        if self.text:
            return self.text
        law = laws.get(self.citation.law_id)
        name = law.short_title if law is not None else self.citation.law_id
        return f"{name}, {self.citation.provision}" if self.citation.provision else name


#: prose as captured from a page: text, and law citations resolved later
Prose = tuple[str | LawMention, ...]


def render_prose(prose: Prose | str, laws: Mapping[str, LegalInstrument]) -> str:
    """The text readers see: every law citation as the page shows it."""
    if isinstance(prose, str):
        return prose
    return "".join(p if isinstance(p, str) else p.render(laws) for p in prose)


def law_anchor(law_id: str) -> str:
    """The anchor of a law's declaration on its page."""
    return f"law-{law_id}"


def parse_law_id(text: str) -> str:
    law_id = text.strip()
    if not LAW_ID.match(law_id):
        raise ModelError(
            f"invalid law id '{law_id}': use lower-case letters, digits and hyphens, "
            "starting with the country code (e.g. es-loex)",
            field="id",
        )
    return law_id


def parse_citation(text: str) -> Citation:
    """``es-loex`` or ``es-loex, art. 36`` (a comma, or a space, before the provision)."""
    head, sep, provision = text.strip().partition(",")
    if not sep:
        head, _, provision = text.strip().partition(" ")
    return Citation(parse_law_id(head), provision.strip())


def parse_citations(text: str) -> tuple[Citation, ...]:
    """Several citations separated by semicolons."""
    return tuple(parse_citation(part) for part in text.split(";") if part.strip())


def parse_instrument(law_id: str, country: str, fields: dict[str, str]) -> LegalInstrument:
    optional = ("short", "date", "url", "eli", "status", "replaced-by")
    require(fields, ("title", "reference"), optional=optional)
    raw_date = (fields.get("date") or "").strip()
    try:
        date = dt.date.fromisoformat(raw_date) if raw_date else None
    except ValueError:
        raise ModelError(
            f"invalid date '{raw_date}': write it as YYYY-MM-DD", field="date"
        ) from None
    replaced_by = (fields.get("replaced-by") or "").strip()
    if replaced_by:
        replaced_by = parse_law_id(replaced_by)
    # a law another replaced is repealed; saying "in force" as well is a contradiction
    raw_status = (fields.get("status") or ("repealed" if replaced_by else "in force")).strip()
    raw_status = raw_status.lower()
    try:
        status = LawStatus(raw_status)
    except ValueError:
        valid = ", ".join(s.value for s in LawStatus)
        raise ModelError(
            f"unknown status '{raw_status}': valid are {valid}", field="status"
        ) from None
    if replaced_by and status is LawStatus.IN_FORCE:
        raise ModelError(
            f"a law replaced by '{replaced_by}' cannot be in force: write :status: repealed",
            field="status",
        )
    url = (fields.get("url") or "").strip()
    if url and not url.startswith(("https://", "http://")):
        raise ModelError(f"invalid url '{url}': give the official https:// address", field="url")
    eli = (fields.get("eli") or "").strip()
    if eli and not eli.startswith(("https://", "http://")):
        raise ModelError(
            f"invalid eli '{eli}': give the identifier as its address, e.g. "
            "http://data.europa.eu/eli/dir/2024/1233/oj",
            field="eli",
        )
    title = fields["title"].strip()
    return LegalInstrument(
        id=parse_law_id(law_id),
        country=country,
        title=title,
        short_title=(fields.get("short") or "").strip() or title,
        date=date,
        reference=fields["reference"].strip(),
        url=url,
        status=status,
        eli=eli,
        replaced_by=replaced_by,
    )
