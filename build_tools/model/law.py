"""Legal instruments (a national act, decree, code or EU directive) and citations of them.

An instrument is declared once, on a report's legal-framework page, and cited anywhere by
its id, optionally with a provision: ``es-loex`` or ``es-loex, art. 36``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

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
    reference: str  # official journal reference, e.g. "BOE núm. 10, 12 January 2000"
    url: str
    status: LawStatus


@dataclass(frozen=True)
class Citation:
    law_id: str
    provision: str = ""  # "art. 36", "s. 4(1)"

    def __str__(self) -> str:
        return f"{self.law_id}, {self.provision}" if self.provision else self.law_id


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
    require(fields, ("title", "reference"), optional=("short", "date", "url", "status"))
    raw_date = (fields.get("date") or "").strip()
    try:
        date = dt.date.fromisoformat(raw_date) if raw_date else None
    except ValueError:
        raise ModelError(
            f"invalid date '{raw_date}': write it as YYYY-MM-DD", field="date"
        ) from None
    raw_status = (fields.get("status") or "in force").strip().lower()
    try:
        status = LawStatus(raw_status)
    except ValueError:
        valid = ", ".join(s.value for s in LawStatus)
        raise ModelError(
            f"unknown status '{raw_status}': valid are {valid}", field="status"
        ) from None
    url = (fields.get("url") or "").strip()
    if url and not url.startswith(("https://", "http://")):
        raise ModelError(f"invalid url '{url}': give the official https:// address", field="url")
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
    )
