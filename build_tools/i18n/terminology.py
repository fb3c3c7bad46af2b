"""The project's required translations of UN terms, per language.

``locale/<lang>/terminology.yaml``::

    terms:
      migrant worker: [trabajador migratorio, trabajadores migratorios]
    proper_names:            # names that stay in English: their words are not terms
      - European Platform for Migrant Workers' Rights

A source string that contains an English term (case-insensitive, singular or plural) must
have one of the accepted forms in its translation (case-insensitive, whole words). The file
is validated against ``build_tools/data/schemas/terminology.schema.json``; an error names
the file and the line of the term that is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from build_tools.i18n.errors import I18nError
from build_tools.model import yamldata


@dataclass(frozen=True)
class Term:
    english: str
    accepted: tuple[str, ...]
    pattern: re.Pattern[str]  # the English term in a source string

    def found_in(self, translation: str) -> bool:
        text = _normalise(translation)
        return any(re.search(_phrase(form), text) for form in self.accepted)


@dataclass(frozen=True)
class Glossary:
    path: Path | None
    terms: tuple[Term, ...] = ()
    proper_names: tuple[str, ...] = ()

    def missing_terms(self, source: str, translation: str) -> list[Term]:
        """Terms of ``source`` whose required translation is not in ``translation``."""
        text = _normalise(source)
        for name in self.proper_names:
            text = re.sub(re.escape(_normalise(name)), " ", text, flags=re.I)
        return [
            term
            for term in self.terms
            if term.pattern.search(text) and not term.found_in(translation)
        ]


def _normalise(text: str) -> str:
    # typographic apostrophes and non-breaking spaces (French) must not hide a term
    return re.sub(r"\s+", " ", text.replace("’", "'")).casefold()


def _phrase(form: str) -> str:
    words = _normalise(form).split()
    return r"(?<!\w)" + r"\s+".join(re.escape(word) for word in words) + r"(?!\w)"


def _inflected(word: str) -> str:
    """An English word in the singular or the plural: worker(s), part(y|ies), State(s)."""
    if word.endswith("ies") and len(word) > 4:
        return re.escape(word[:-3]) + "(?:y|ies)"
    if word.endswith("y") and len(word) > 2:
        return re.escape(word[:-1]) + "(?:y|ies)"
    if word.endswith("s") and len(word) > 3:
        return re.escape(word[:-1]) + "(?:s|es)?"
    return re.escape(word) + "(?:s|es)?"


def term_pattern(english: str) -> re.Pattern[str]:
    words = _normalise(english).split()
    return re.compile(r"(?<!\w)" + r"\s+".join(_inflected(w) for w in words) + r"(?!\w)")


def load_glossary(path: Path) -> Glossary:
    """Read a terminology file; no file means no required terms."""
    if not path.is_file():
        return Glossary(None)
    try:
        data = yamldata.load(path, "terminology").data or {}
    except yamldata.DataError as error:
        raise I18nError(error.message, error.path, error.line) from None
    terms = []
    for english, accepted in (data.get("terms") or {}).items():
        forms = [accepted] if isinstance(accepted, str) else accepted
        terms.append(Term(str(english), tuple(forms), term_pattern(str(english))))
    return Glossary(path, tuple(terms), tuple(data.get("proper_names") or ()))
