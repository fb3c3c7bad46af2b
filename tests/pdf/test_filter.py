"""pandoc's typst filter (``data/typst/filter.lua``) on hostile HTML: what comes from the
page (a class, an id, a link's target) reaches typst as content or as a string, never as
code. The typst compiles (a ``#panic`` that got in as code would stop it) and prints the
page's words; a rating whose code is not made of its letters is no rating."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from build_tools.typst.render import pandoc_typst, write_body, write_shared

PAYLOAD = "#panic(&quot;injected&quot;)"
HOSTILE = f"""<html lang="en"><body>
<h2><span id="h&gt;{PAYLOAD}&lt;x"></span>A heading</h2>
<p><span id="a&gt;{PAYLOAD}&lt;b"></span>.after the anchor
<span class="shadow-rating-x&quot;){PAYLOAD}(&quot;">Not a rating</span>
<span class="shadow-rating-largely">Largely in conformity</span>
<span class="shadow-pageref"><a href="#a&gt;{PAYLOAD}&lt;b">Back</a></span>(1)
<span lang="en&quot;){PAYLOAD}(&quot;">Not a language</span></p>
<div class="rubric"><p>A rubric ] {PAYLOAD} [</p></div>
</body></html>"""
IMAGE = f"""<html lang="en"><body>
<p><img src="x&quot;){PAYLOAD}(&quot;.png" alt="alt&quot;){PAYLOAD}(&quot;"></p>
</body></html>"""


def typst_of(html: str, folder: Path) -> str:
    (folder / "page.html").write_text(html, encoding="utf-8")
    return pandoc_typst(folder / "page.html", folder)


@pytest.fixture(scope="module")
def body(tmp_path_factory: pytest.TempPathFactory) -> str:
    return typst_of(HOSTILE, tmp_path_factory.mktemp("filter"))


def test_a_rating_code_is_made_of_letters(body):
    assert '#rating("largely")[Largely in conformity]' in body
    assert body.count("#rating(") == 1


def test_a_rubric_is_an_informal_heading_of_its_own_words(body):
    (line,) = [line for line in body.splitlines() if line.startswith("#rubric[")]
    assert line.startswith("#rubric[A rubric \\] ") and line.endswith("\\[]")


def test_hostile_values_compile_as_words(body, tmp_path):
    import typst

    write_shared(tmp_path)
    write_body(tmp_path, "hostile", body)
    main = tmp_path / "main.typ"
    main.write_text('#include "hostile.body.typ"\n', encoding="utf-8")
    typst.compile(str(main), output=str(tmp_path / "out.pdf"), root=str(tmp_path))
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(tmp_path / "out.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    )
    for words in (
        "A heading",
        ".after the anchor",
        "Not a rating",
        "Back (p. 1)",
        "Not a language",
        'A rubric ] #panic("injected") [',  # its words printed as words: no panic ran
    ):
        assert words in text
    assert text.count("panic") == 1  # nothing of an attribute printed either


def test_an_image_keeps_its_path_and_alt_as_strings(tmp_path):
    # (the path as the page wrote it: pandoc's reader encodes it, the filter decodes it)
    import typst

    line = typst_of(IMAGE, tmp_path).strip()
    assert line.startswith("#image(")
    # the call's two strings hold the attributes whole: typst reads them back as written
    arguments = line[len("#image(") : -1].replace(", alt:", ",", 1)
    path, alt = json.loads(typst.eval(b"", f"({arguments})"))
    assert path == 'x")#panic("injected")(".png'
    assert alt == 'alt")#panic("injected")("'


def test_a_body_is_converted_again_when_the_filter_changes(monkeypatch):
    from build_tools.typst import job
    from build_tools.typst.volume import VolumeHtml

    html = VolumeHtml(html="<p>Same page</p>", title="")
    before = job.Fragment("alpha", html).key
    monkeypatch.setattr(job, "converter_identity", lambda: "another filter")
    assert job.Fragment("alpha", html).key != before


def test_a_cell_of_one_paragraph_holds_its_words_not_a_paragraph(tmp_path):
    # a paragraph break in every cell cost typst a block per cell: a seventh of a volume's
    # memory, for the same pages
    body = typst_of(
        """<html lang="en"><body><table><tr><th><p>Head</p></th><th>Bare</th></tr>
<tr><td><p>One</p></td><td><p>Two</p><p>Three</p></td></tr></table></body></html>""",
        tmp_path,
    )
    assert "[One]" in body and "[Head]" in body and "[Bare]" in body
    assert "Two\n\n" in body  # a cell of two paragraphs keeps the break between them
