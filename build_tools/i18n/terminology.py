"""The project's required translations of UN terms, per language.

``locale/<lang>/terminology.yaml``::

    terms:
      migrant worker: [trabajador migratorio, trabajadores migratorios]
    proper_names:            # names that stay in English: their words are not terms
      - European Platform for Migrant Workers' Rights

A source string that contains an English term (case-insensitive, singular or plural) must
have one of the accepted forms in its translation (case-insensitive, whole words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from build_tools.i18n.errors import I18nError


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
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise I18nError(f"not valid YAML: {getattr(error, 'problem', error)}", path, line) from None
    if not isinstance(data, dict) or not set(data) <= {"terms", "proper_names"}:
        raise I18nError("expected a mapping with 'terms' and optional 'proper_names'", path)
    raw_terms = data.get("terms") or {}
    if not isinstance(raw_terms, dict):
        raise I18nError("'terms' must map English terms to lists of translations", path)
    terms = []
    for english, accepted in raw_terms.items():
        forms = [accepted] if isinstance(accepted, str) else accepted
        if not isinstance(english, str) or not isinstance(forms, list) or not forms:
            raise I18nError(f"term {english!r}: give a list of accepted translations", path)
        if not all(isinstance(form, str) and form.strip() for form in forms):
            raise I18nError(f"term {english!r}: every translation must be a non-empty text", path)
        terms.append(Term(english, tuple(forms), term_pattern(english)))
    names = data.get("proper_names") or []
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise I18nError("'proper_names' must be a list of names", path)
    return Glossary(path, tuple(terms), tuple(names))
