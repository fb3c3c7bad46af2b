"""The single page that print and Word read: a bibliography entry's title carries its
``langid``'s language when that is not the build's (an English title in a Spanish
volume is English), in every report's own bibliography; an entry without ``langid``
claims nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_tools.typst.sphinx_typst import entry_language

CONF = """
extensions = ["myst_parser", "build_tools.typst.sphinx_typst"]
bibtex_bibfiles = ["refs.bib"]
bibtex_reference_style = "label"
language = "es"
shadow_languages = ["en", "es"]
"""
BIB = """
@book{macdonald2007,
  author = {MacDonald, Euan and Cholewinski, Ryszard},
  title = {{The Migrant Workers Convention in Europe}},
  langid = {english},
  publisher = {UNESCO}, year = {2007},
}
@misc{wouters2005,
  author = {Wouters, Jan and Vidal, Maarten},
  title = {{Het Arbeidsmigrantenverdrag van de Verenigde Naties}},
  langid = {dutch}, year = {2005},
}
@misc{boe2000,
  author = {{Jefatura del Estado}},
  title = {{Ley Orgánica 4/2000}},
  langid = {spanish}, year = {2000},
}
@misc{unknown,
  author = {{Someone}}, title = {{A title of no declared language}}, year = {2001},
}
"""


def write(root: Path) -> Path:
    cites = "{cite:p}`macdonald2007` {cite:p}`wouters2005` {cite:p}`boe2000` {cite:p}`unknown`"
    files = {
        "conf.py": CONF,
        "refs.bib": BIB,
        "index.md": "# Colección\n\n```{toctree}\nalpha/index\nbeta/index\n```\n",
        **{
            f"{report}/index.md": f"# {report}\n\n{cites}\n\n```{{bibliography}}\n```\n"
            for report in ("alpha", "beta")
        },
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_titles_carry_their_language_in_every_report(make_app, tmp_path):
    app = make_app("singlehtml", srcdir=write(tmp_path / "src"), freshenv=True)
    app.build()
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    tagged = re.findall(r'<span lang="(\w+)">([^<]*)</span>', page)
    assert sorted(tagged) == sorted(
        [
            ("en", "The Migrant Workers Convention in Europe"),
            ("nl", "Het Arbeidsmigrantenverdrag van de Verenigde Naties"),
        ]
        * 2  # each report's own list
    )
    assert "A title of no declared language" in page  # untagged, and still there


@pytest.mark.parametrize(
    ("langid", "code"),
    [("english", "en"), ("British", "en"), ("dutch", "nl"), ("fr", "fr"), ("klingonish", "")],
)
def test_a_langid_is_a_language_code(langid, code):
    class Entry:
        fields = {"langid": langid}

    assert entry_language(Entry()) == code
