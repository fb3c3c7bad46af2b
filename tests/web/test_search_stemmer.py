"""The site's search index is stemmed by PyStemmer, the C build of the Snowball stemmers
(snowballstemmer, which Sphinx calls, switches to it when it is installed): a fifth of the
HTML write's time. It must give the stems the pure-Python stemmers give, or a site built
without it would answer searches differently."""

from __future__ import annotations

import re

import snowballstemmer
from snowballstemmer import english_stemmer, french_stemmer, spanish_stemmer

from ..conftest import REPO

#: the stemmer Sphinx's search uses for each of the project's languages (sphinx/search/)
PURE = {
    "english": english_stemmer.EnglishStemmer,
    "spanish": spanish_stemmer.SpanishStemmer,
    "french": french_stemmer.FrenchStemmer,
}


def corpus_words() -> set[str]:
    words: set[str] = set()
    for path in [*REPO.glob("reports/**/*.md"), *REPO.glob("locale/*/LC_MESSAGES/**/*.po")]:
        words.update(w.lower() for w in re.findall(r"[^\W\d_]+", path.read_text("utf-8")))
    return words


def test_the_search_stems_with_the_c_stemmers_and_their_stems_are_the_pure_ones() -> None:
    import Stemmer  # installed by make setup (requirements.lock)

    words = sorted(corpus_words())
    assert len(words) > 1000
    for name, pure in PURE.items():
        fast = snowballstemmer.stemmer(name)
        assert isinstance(fast, Stemmer.Stemmer)
        slow = pure()
        differ = [w for w in words if fast.stemWord(w) != slow.stemWord(w)]
        assert not differ, f"{name}: {differ[:5]}"
