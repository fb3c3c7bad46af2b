"""A volume's HTML, cut out of a small single page: what each volume prints, ids unique
across pages, links to chapters with their page, passages in the source language, the
bibliography's names joined in the volume's language. Pure: no Sphinx, no pandoc."""

from __future__ import annotations

from pathlib import Path

from lxml import html as lxml_html

from build_tools.typst.volume import PrintChoices, print_choices, volume_html

PAGE = """<html lang="es"><body><div role="main"><section id="home"><h1>Collection</h1>
<span id="document-alpha/index"></span><section id="alpha"><h1>Alpha report</h1>
<div class="shadow-report-card"><p>card</p></div>
<div class="toctree-wrapper compound"><p class="caption">Pages</p>
<span id="document-alpha/findings"></span><section id="findings"><h1>Findings</h1>
<p id="assessment-8">Alpha on article 8. See <a href="#document-alpha/annexes">Annexes</a>.</p>
<p><span class="shadow-source-language">Left in English.</span></p>
<details class="shadow-chart-data"><summary>Data of this chart</summary>
<table><tr><td>1</td></tr></table></details>
</section>
<span id="document-alpha/annexes"></span><section id="annexes"><h1>Annexes</h1>
<div class="citation-list"><div class="citation"><span class="label">[1]</span>
<p>Euan MacDonald and Ryszard Cholewinski. <em>A title and more</em>. Paris.</p></div></div>
</section></div></section>
<span id="document-beta/index"></span><section id="beta"><h1>Beta report</h1>
<p id="assessment-8">Beta on article 8.</p>
<p><a href="#document-beta/index#assessment-8">Beta's 8</a> and
<a href="#document-alpha/findings#assessment-8">Alpha's 8</a></p></section>
<span id="document-handbook/index"></span><section id="handbook"><h1>Handbook</h1>
<p>```{report}```</p></section>
</section></div></body></html>"""


def collection(tmp_path: Path):
    choices = PrintChoices(leave_out=("handbook/*",), drop=frozenset({"report_card"}))
    return volume_html(PAGE, tmp_path, choices, docname=None)


def test_the_collection_leaves_out_what_it_does_not_print(tmp_path):
    result = collection(tmp_path)
    assert result.left_out == ["handbook/index"]
    assert "Handbook" not in result.html and "{report}" not in result.html
    assert "card" not in result.html
    assert "Pages" not in result.html  # the toctree's caption; its pages stay
    assert "Alpha on article 8." in result.html


def test_an_id_of_every_page_names_one_element_and_links_follow_it(tmp_path):
    page = lxml_html.fromstring(collection(tmp_path).html)
    targets = {a.text_content(): a.get("href") for a in page.xpath("//a[@href]")}
    beta, alpha = targets["Beta's 8"], targets["Alpha's 8"]
    assert beta != alpha
    # each target is an empty marker at the start of the element it names (a typst label)
    beta_target = page.xpath("//*[@id=$i]", i=beta[1:])[0].getparent()
    alpha_target = page.xpath("//*[@id=$i]", i=alpha[1:])[0].getparent()
    assert beta_target.text_content() == "Beta on article 8."
    assert alpha_target.text_content().startswith("Alpha on article 8.")


def test_a_link_to_a_chapter_asks_for_its_page(tmp_path):
    page = lxml_html.fromstring(collection(tmp_path).html)
    (wrapper,) = page.xpath("//span[@class='shadow-pageref']")
    assert wrapper.xpath("./a")[0].text_content() == "Annexes"


def test_what_the_translation_left_in_english_says_so(tmp_path):
    page = lxml_html.fromstring(collection(tmp_path).html)
    (passage,) = page.xpath("//*[contains(@class, 'shadow-source-language')]")
    assert passage.get("lang") == "en"


def test_the_bibliography_joins_names_in_the_volume_language(tmp_path):
    result = volume_html(PAGE, tmp_path, print_choices("reports"), docname="alpha/index")
    assert "Euan MacDonald y Ryszard Cholewinski." in result.html
    assert "A title and more" in result.html  # only the names change
    assert "Beta report" not in result.html  # a report volume is that report
    # the data table stays out of print (HTML writes it as a <details>)
    assert "shadow-chart-data" not in result.html and "Data of this chart" not in result.html


def test_the_volumes_declare_what_they_print():
    assert print_choices("collection").leaves_out("handbook/authoring")
    assert print_choices("collection").leaves_out("translation-status")
    assert not print_choices("reports").leaves_out("spain/annexes")


def test_a_language_pandoc_would_lose_moves_onto_a_span(tmp_path):
    page = PAGE.replace(
        '<p id="assessment-8">Beta on article 8.</p>',
        '<p>See <em lang="nl">Wet</em>.</p>'
        '<p lang="en"><span class="shadow-source-language">Left.</span></p>',
    )
    html = lxml_html.fromstring(volume_html(page, tmp_path, PrintChoices(), docname=None).html)
    (title,) = html.xpath("//em[.//text()='Wet']")
    assert title.get("lang") is None and title.xpath("./span/@lang") == ["nl"]
    # a passage already marked on its span keeps that one span
    (left,) = html.xpath("//*[text()='Left.']")
    assert left.tag == "span" and left.get("lang") == "en"
    assert left.getparent().tag == "p"


def test_a_matrix_prints_on_its_landscape_pages_with_its_title_key_and_legend(tmp_path):
    matrix = (
        '<p class="no-search rubric">Part III: rights of all</p>'
        '<table class="shadow-matrix"><tr><td>8</td></tr></table>'
        '<p class="no-search rubric">Part IV: rights of the documented</p>'
        '<table class="shadow-matrix"><tr><td>37</td></tr></table>'
        '<p class="shadow-legend">Reports: AL Alpha.</p>'
        '<p class="shadow-legend">Legend: Yes.</p><p>After the matrix.</p>'
    )
    page = PAGE.replace('<p id="assessment-8">Beta on article 8.</p>', matrix)
    html = lxml_html.fromstring(volume_html(page, tmp_path, PrintChoices(), docname=None).html)
    blocks = html.xpath("//div[@class='shadow-matrix-pages']")
    assert [[e.text_content()[:8] for e in block] for block in blocks] == [
        ["Part III", "8"],
        ["Part IV:", "37", "Reports:", "Legend: "],
    ]
    # each Part's title a rubric the filter makes an informal heading of, its words kept
    assert [r.text_content() for r in html.xpath("//div[@class='no-search rubric']/p")] == [
        "Part III: rights of all",
        "Part IV: rights of the documented",
    ]
    (after,) = html.xpath("//p[text()='After the matrix.']")
    assert after.getparent().get("class") != "shadow-matrix-pages"  # the flow goes on
