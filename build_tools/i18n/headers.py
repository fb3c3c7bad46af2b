"""The PO header Poedit, Lokalize and Weblate need, filled the same way every time.

Required fields are set from the language (``Language``, ``Plural-Forms`` from babel's
CLDR plural rules) and the POT; the translator's
fields (``Last-Translator``, ``PO-Revision-Date``, ...) are never touched. The dates move
only when the entries change, so merging an unchanged template changes no file.
"""

from __future__ import annotations

from collections.abc import Mapping

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from build_tools.i18n.errors import I18nError

#: the same in every catalogue of the project
FIXED = {
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}
#: copied from the POT (the project's name and edition)
FROM_TEMPLATE = ("Project-Id-Version",)
#: a template's placeholder header comment, replaced in a new PO file
_TEMPLATE_TITLE = "SOME DESCRIPTIVE TITLE."


def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language)
    except (UnknownLocaleError, ValueError) as error:
        raise I18nError(f"unknown language code {language!r}: {error}") from None


def plural_forms(language: str) -> str:
    """``nplurals=...; plural=...;`` for the language, from babel."""
    _locale(language)
    return str(get_plural(language))


def plural_count(language: str) -> int:
    _locale(language)
    return get_plural(language).num_plurals


def language_name(language: str) -> str:
    """English name of the language (``Spanish``): the ``Language-Team`` of a new file."""
    return _locale(language).english_name or language


def metadata(
    language: str,
    template: Mapping[str, str],
    previous: Mapping[str, str] | None,
    *,
    entries_changed: bool,
) -> dict[str, str]:
    """The header of a PO file after a merge.

    ``previous`` is the header of the existing PO file (None for a new file). Unknown
    fields a tool added (``X-Generator``, ...) are kept as they are.
    """
    fields = dict(previous or {})
    created = template.get("POT-Creation-Date", "")
    defaults = {
        "Report-Msgid-Bugs-To": template.get("Report-Msgid-Bugs-To", ""),
        # a fixed value, not "now": creating the same file twice gives the same bytes
        "PO-Revision-Date": created,
        "Last-Translator": "",
        "Language-Team": language_name(language),
    }
    for name, value in defaults.items():  # only fields that are missing: msgfmt -c wants them
        fields.setdefault(name, value)
    if previous is None or entries_changed or "POT-Creation-Date" not in fields:
        fields["POT-Creation-Date"] = created
    for name in FROM_TEMPLATE:
        if name in template:
            fields[name] = template[name]
    fields["Language"] = language
    fields["Plural-Forms"] = plural_forms(language)
    fields.update(FIXED)
    return fields


def header_comment(language: str, template_header: str) -> str:
    """The comment block of a new PO file (or of one without any): the template's, with a
    real title."""
    title = f"{language_name(language)} translation."
    if not template_header.strip():
        return title
    lines = [title if line == _TEMPLATE_TITLE else line for line in template_header.split("\n")]
    return "\n".join(lines)


def orphan_metadata(language: str, previous: Mapping[str, str]) -> dict[str, str]:
    """Header of a PO file whose page is gone: required fields only, nothing from a POT."""
    fields = dict(previous)
    fields["Language"] = language
    fields["Plural-Forms"] = plural_forms(language)
    fields.update(FIXED)
    return fields
