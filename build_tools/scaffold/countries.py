"""Which country a new report covers: its ISO 3166-1 alpha-2 code, its English name (from
CLDR, through babel) and the folder the report gets under ``reports/``.

The codes accepted are those the ``{report}`` directive accepts, so a scaffolded report
always passes its own validation; ``EU`` is refused here because the EU review has a
structure of its own (EU instruments instead of national law).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from babel import Locale

from build_tools.model.report import known_country_codes
from build_tools.scaffold.errors import ScaffoldError

# Codes people write that ISO 3166-1 spells differently (the EU's own usage, habit).
_ALIASES = {"UK": "GB", "EL": "GR"}
_FOLDER = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2, upper case: "PT"
    name: str  # English name from CLDR: "Portugal"


def english_names() -> dict[str, str]:
    """Every code a report may be written on, with its English name."""
    territories = Locale("en").territories
    return {code: territories[code] for code in known_country_codes() if code != "EU"}


def _describe(code: str, names: dict[str, str]) -> str:
    return f"{code} ({names[code]})"


def near_matches(text: str, limit: int = 4) -> list[str]:
    """Codes the user may have meant, as ``"PT (Portugal)"``, best first.

    Two-letter codes are too short for edit distance to help (any two codes share at most
    one letter), so this looks at what people actually get wrong: a known alias, swapped
    letters, the first letters of the country's name, or the name itself; failing those,
    codes with the same first letter.
    """
    names = english_names()
    raw = text.strip()
    key = raw.upper()
    found: list[str] = []
    if key in _ALIASES:
        found.append(_ALIASES[key])
    if len(key) == 2 and key[::-1] in names:
        found.append(key[::-1])
    lowered = raw.lower()
    if lowered:
        found += sorted(c for c, n in names.items() if n.lower().startswith(lowered))
    if len(raw) > 2:
        by_name = {n.lower(): c for c, n in names.items()}
        found += [by_name[n] for n in difflib.get_close_matches(lowered, list(by_name), n=limit)]
    if not found and len(key) == 2:  # last resort: a slip of the second letter
        found = sorted(c for c in names if c[0] == key[0])
    unique = list(dict.fromkeys(c for c in found if c != key))
    return [_describe(c, names) for c in unique[:limit]]


def resolve_country(text: str) -> Country:
    """The country for a code as the user typed it (``pt``, ``PT``), or a ScaffoldError
    with near matches."""
    code = text.strip().upper()
    if code == "EU":
        raise ScaffoldError(
            "EU is the European Union, not a country: its review has a structure of its own "
            "(see reports/eu/); give a country code such as PT"
        )
    names = english_names()
    if code in names:
        return Country(code, names[code])
    near = near_matches(text)
    hint = f" (did you mean {' or '.join(near)}?)" if near else ""
    raise ScaffoldError(
        f"unknown country code '{text.strip()}'{hint}: give an ISO 3166-1 alpha-2 code "
        "such as PT or GB"
    )


def folder_name(country_name: str) -> str:
    """The report's folder: the English name, lower case, hyphenated, ASCII
    (``United Kingdom`` -> ``united-kingdom``, ``Côte d’Ivoire`` -> ``cote-d-ivoire``)."""
    decomposed = unicodedata.normalize("NFKD", country_name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def check_folder_name(name: str) -> str:
    """A folder name the user chose with ``--name``: lower-case words and hyphens, because
    it becomes part of every URL and PDF file name of the report."""
    if not _FOLDER.match(name):
        raise ScaffoldError(
            f"invalid report name '{name}': use lower-case letters, digits and hyphens, "
            "e.g. portugal or united-kingdom"
        )
    return name
