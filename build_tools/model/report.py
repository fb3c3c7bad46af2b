"""Report metadata: which country a report covers, who wrote it, which edition, and
whether its content may be read as final.

Plain Python, no Sphinx: the Sphinx extension turns directive options into these
objects and these objects back into nodes; the pipeline and exports read them too.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from babel import Locale, UnknownLocaleError

from build_tools.model.errors import ModelError, require

#: the one value of ``country`` that is not a territory: a chapter comparing all reports
COMPARATIVE = "comparative"

#: the page of a report folder that holds its metadata and opens its volume
INDEX = "index"

# Codes babel knows as "territories" that are not countries one can write a report on.
_NOT_A_COUNTRY = {"ZZ", "QO", "EZ", "UN", "XA", "XB"}


class Status(StrEnum):
    """How far a report's ratings and findings can be relied on."""

    DRAFT = "draft"
    SAMPLE = "sample"
    FINAL = "final"

    @property
    def is_provisional(self) -> bool:
        """Draft and sample reports carry a banner (HTML) and a watermark (PDF)."""
        return self is not Status.FINAL


@cache
def known_country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes, plus ``EU`` for the European Union (from CLDR via babel)."""
    return frozenset(
        code
        for code in Locale("en").territories
        if len(code) == 2 and code.isalpha() and code not in _NOT_A_COUNTRY
    )


@cache  # CLDR's data is fixed; pages ask for the same few names thousands of times
def country_name(code: str, language: str) -> str:
    """The country's name in ``language`` (``ES`` -> ``España`` in Spanish)."""
    if code == COMPARATIVE:
        return ""
    try:
        locale = Locale.parse(language)
    except (ValueError, TypeError):
        locale = Locale("en")
    return locale.territories.get(code) or Locale("en").territories.get(code, code)


class ReportId(str):
    """The one identity of a report: a folder of ``reports/`` with its index page.

    Its ``name`` is the folder (``spain``): what ``shadow_reports`` in conf.py lists, what
    ``:report:`` takes, what the open data publishes. Its text is the name of its index
    page (``spain/index``), the key its records are filed and sorted under, so that the
    fingerprint of a chart (``repr`` of its input) and the order of every list are what
    they were when reports were named by that page. The country (``ES``) is metadata,
    not identity: see :class:`ReportMetadata`.

    This class is the only code that knows how a page's name relates to its report.
    """

    __slots__ = ()

    @classmethod
    def named(cls, name: str) -> ReportId:
        """``spain`` -> the report whose folder is ``spain``."""
        return cls(f"{name}/{INDEX}")

    @classmethod
    def of_page(cls, page: str) -> ReportId | None:
        """The report a page belongs to (``spain/legal-framework`` -> ``spain``); None for a
        page outside every report folder (the collection's own pages)."""
        folder, sep, _rest = page.partition("/")
        return cls.named(folder) if sep else None

    @property
    def name(self) -> str:
        return self.partition("/")[0]

    @property
    def root(self) -> str:
        """The name of the report's index page (``spain/index``)."""
        return str(self)


@dataclass(frozen=True)
class ReportMetadata:
    """What the cover of a report says. ``kind`` is ``report`` or ``collection``."""

    kind: str
    country: str
    organisations: tuple[str, ...]
    edition: str
    date: dt.date
    status: Status
    #: the date at which the report states the law (``:as-of:``; the report's date if unset)
    as_of: dt.date | None = None
    #: the ISBN-13 as the author wrote it (hyphens kept), and the DOI (``10.xxxx/...``):
    #: optional, printed on the imprint
    isbn: str = ""
    doi: str = ""

    @property
    def law_date(self) -> dt.date:
        """The date the report states the law at: ``:as-of:``, else the report's date."""
        return self.as_of or self.date

    @property
    def is_comparative(self) -> bool:
        return self.country == COMPARATIVE


REQUIRED_FIELDS = ("organisations", "edition", "date", "status")
OPTIONAL_FIELDS = ("as-of", "isbn", "doi")
#: Crossref's pattern of a modern DOI: the 10. prefix, a registrant, a suffix
DOI = re.compile(r"10\.\d{4,9}/[-._;()/:A-Za-z0-9<>\[\]]+")
DOI_RESOLVERS = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:")


def parse_isbn(raw: str) -> str:
    """An ISBN-13 with a correct check digit (hyphens and spaces allowed), as written."""
    value = raw.strip()
    digits = re.sub(r"[\s-]", "", value)
    if len(digits) == 10:
        raise ModelError(
            f"'{value}' is an ISBN-10: give the 13-digit ISBN (978 and the first nine "
            "digits, with a new check digit)",
            field="isbn",
        )
    if not re.fullmatch(r"97[89]\d{10}", digits):
        raise ModelError(
            f"invalid ISBN '{value}': an ISBN-13 is 13 digits starting with 978 or 979, "
            "hyphens allowed (978-0-306-40615-7)",
            field="isbn",
        )
    check = (10 - sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits[:12]))) % 10
    if check != int(digits[12]):
        raise ModelError(
            f"ISBN '{value}' has the check digit {digits[12]}; the first twelve digits "
            f"give {check}: a digit is mistyped",
            field="isbn",
        )
    return value


def parse_doi(raw: str) -> str:
    """A DOI (``10.5281/zenodo.123``); a resolver's address before it is taken off."""
    value = raw.strip()
    bare = value
    for resolver in DOI_RESOLVERS:
        if bare.lower().startswith(resolver):
            bare = bare[len(resolver) :]
    if not DOI.fullmatch(bare):
        raise ModelError(
            f"invalid DOI '{value}': a DOI is '10.', a registrant number of 4 to 9 digits, "
            "'/' and a suffix without spaces (10.5281/zenodo.1234567)",
            field="doi",
        )
    return bare


def parse_report_metadata(kind: str, fields: dict[str, str]) -> ReportMetadata:
    """Validate the fields an author wrote and build the metadata.

    Raises :class:`ModelError` naming the field and what would be valid.
    """
    required = REQUIRED_FIELDS + (("country",) if kind == "report" else ())
    require(fields, required, optional=OPTIONAL_FIELDS)

    country = ""
    if kind == "report":
        raw = fields["country"].strip()
        country = raw if raw == COMPARATIVE else raw.upper()
        if country != COMPARATIVE and country not in known_country_codes():
            near = difflib.get_close_matches(country, sorted(known_country_codes()), n=3)
            hint = f" (did you mean {' or '.join(near)}?)" if near else ""
            raise ModelError(
                f"unknown country code '{raw}'{hint}: use an ISO 3166-1 alpha-2 code such as "
                f"ES or FR, EU for the European Union, or '{COMPARATIVE}'",
                field="country",
            )

    organisations = tuple(o.strip() for o in fields["organisations"].split(";") if o.strip())

    raw_date = fields["date"].strip()
    try:
        date = dt.date.fromisoformat(raw_date)
    except ValueError:
        message = f"invalid date '{raw_date}': write it as YYYY-MM-DD"
        raise ModelError(message, field="date") from None

    raw_as_of = (fields.get("as-of") or "").strip()
    try:
        as_of = dt.date.fromisoformat(raw_as_of) if raw_as_of else None
    except ValueError:
        message = f"invalid as-of date '{raw_as_of}': write it as YYYY-MM-DD"
        raise ModelError(message, field="as-of") from None
    if as_of is not None and as_of > date:
        raise ModelError(
            f"as-of date {as_of} is after the report's date {date}: a report cannot state "
            "the law at a later date than its own",
            field="as-of",
        )

    isbn = parse_isbn(fields["isbn"]) if (fields.get("isbn") or "").strip() else ""
    doi = parse_doi(fields["doi"]) if (fields.get("doi") or "").strip() else ""

    raw_status = fields["status"].strip().lower()
    try:
        status = Status(raw_status)
    except ValueError:
        valid = ", ".join(s.value for s in Status)
        message = f"unknown status '{raw_status}': valid are {valid}"
        raise ModelError(message, field="status") from None

    return ReportMetadata(
        kind=kind,
        country=country,
        organisations=organisations,
        edition=fields["edition"].strip(),
        date=date,
        status=status,
        as_of=as_of,
        isbn=isbn,
        doi=doi,
    )


@cache
def _language_codes() -> dict[str, str]:
    """Language names in English (lower case) -> code, for the hint of an unknown code."""
    from babel import localedata

    names = {}
    for code in localedata.locale_identifiers():
        if "_" not in code and code != "root":
            name = Locale.parse(code).get_display_name("en")
            if name:
                names[name.lower()] = code
    return names


def _parses(code: str) -> bool:
    try:
        Locale.parse(code)
    except (ValueError, TypeError, UnknownLocaleError):
        return False
    return True


def check_language(code: object) -> str:
    """``code`` if it is a language Babel (CLDR) knows (``es``, ``pt_BR``), else a
    :class:`ModelError` saying what would be valid."""
    text = str(code).strip() if isinstance(code, str) else ""
    if text and text not in ("root", "und"):
        try:
            Locale.parse(text)
            return text
        except (ValueError, TypeError, UnknownLocaleError):
            pass
    known = _language_codes()
    underscored = text.replace("-", "_")
    near = (underscored if underscored != text and _parses(underscored) else "") or known.get(
        text.lower()
    )
    near = near or next(
        iter(difflib.get_close_matches(text.lower(), sorted(known.values()), n=1)), ""
    )
    hint = f" (did you mean '{near}'?)" if near else ""
    raise ModelError(
        f"unknown language {code!r}{hint}; use a language code the CLDR knows, "
        "such as en, es, fr or pt_BR",
        field="language",
    )


def language_name(code: str) -> str:
    """A language's name in that language ("Español"), so every reader finds their own."""
    try:
        name = Locale.parse(code).display_name or code
    except (ValueError, TypeError):
        return code
    return name[:1].upper() + name[1:]
