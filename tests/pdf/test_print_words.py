"""The words the cover, the imprint and the contents print are the interface
catalogue's: extracted from the code like every other interface word, and translated in
every shipped catalogue (no list of words of its own in the engine)."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from babel.messages.extract import extract_from_file

from build_tools.i18n.extract import KEYWORDS
from build_tools.typst import sphinx_typst

REPO = Path(__file__).resolve().parents[2]


def test_every_print_word_is_an_extracted_message():
    extracted = {
        message
        for _, message, _, _ in extract_from_file(
            "python", sphinx_typst.__file__, keywords=KEYWORDS, comment_tags=("Translators:",)
        )
    }
    words = sphinx_typst.print_words()
    assert set(words) <= extracted
    # without a catalogue (an English build) each word is its message
    assert all(key == value for key, value in words.items())


@pytest.mark.parametrize("language", ["es", "fr"])
def test_every_print_word_is_translated(language):
    catalogue = polib.pofile(REPO / "locale" / language / "LC_MESSAGES" / "shadow-interface.po")
    translated = {e.msgid: e.msgstr for e in catalogue if e.msgstr and "fuzzy" not in e.flags}
    missing = [w for w in sphinx_typst.print_words() if w not in translated]
    assert missing == []
