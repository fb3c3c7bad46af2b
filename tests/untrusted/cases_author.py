"""An author's broken sources: pages, conf.py, the .bib file, chart scripts, declarations.

Each gets one line naming the file and the line, what is wrong and what would be valid, a
non-zero exit, and never a traceback. Errors that follow from another (the pages citing a
law whose declaration is invalid) come after the root cause in the summary.
"""

from __future__ import annotations

from tests.untrusted.harness import Case, Sandbox

EN = ("build", "html", "--languages", "en")


def add_page(sandbox: Sandbox, name: str, text: str | bytes) -> None:
    """``reports/alpha/<name>.md``, listed in the report's table of contents."""
    page = sandbox.page(f"alpha/{name}.md")
    if isinstance(text, bytes):
        page.write_bytes(text)
    else:
        page.write_text(text, encoding="utf-8")
    index = sandbox.page("alpha/index.md")
    toc = index.read_text(encoding="utf-8").replace("introduction\n", f"introduction\n{name}\n")
    index.write_text(toc, encoding="utf-8")


def edit_conf(sandbox: Sandbox, old: str, new: str) -> None:
    conf = sandbox.root / "conf.py"
    text = conf.read_text(encoding="utf-8")
    assert old in text, old
    conf.write_text(text.replace(old, new), encoding="utf-8")


def append_conf(sandbox: Sandbox, text: str) -> None:
    conf = sandbox.root / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + text, encoding="utf-8")


# --- pages ---------------------------------------------------------------------------------


def unclosed_note(sandbox: Sandbox) -> None:
    add_page(sandbox, "notes", "# Notes\n\n```{note}\nA note never closed.\n\n## Later\n\nText.\n")


def unclosed_assessment(sandbox: Sandbox) -> None:
    add_page(
        sandbox,
        "findings",
        "# Findings\n\nIntro.\n\n```{assessment} 25\n:in-law: partly\n"
        ":in-practice: not in conformity\n\nThe finding.\n\n## Article 26\n\nMore.\n",
    )


def unclosed_colon_recommendation(sandbox: Sandbox) -> None:
    append_conf(sandbox, 'myst_enable_extensions = ["colon_fence"]\n')
    add_page(
        sandbox,
        "findings",
        "# Findings\n\n::::{assessment} 25\n:in-law: partly\n:in-practice: partly\n\n"
        "The finding.\n\n:::{recommendation} EE-25-1\n:addressee: government\n"
        ":priority: high\n\nWhat should change.\n::::\n\nAfter.\n",
    )


def unclosed_inner_fence(sandbox: Sandbox) -> None:
    add_page(
        sandbox,
        "notes",
        "# Notes\n\n````{note}\nOuter.\n\n```{warning}\nInner, never closed.\n````\n\nAfter.\n",
    )


def latin1_page(sandbox: Sandbox) -> None:
    add_page(sandbox, "notes", "# Notes\n\nFirst line.\n\nCaf\xe9 cr\xe8me.\n".encode("latin-1"))


def cp1252_quote_in_title(sandbox: Sandbox) -> None:
    index = sandbox.page("alpha/index.md")
    data = index.read_bytes().replace(b"Alpha:", b"\x93Alpha\x94:", 1)
    index.write_bytes(data)


# --- conf.py -------------------------------------------------------------------------------


def unknown_language(sandbox: Sandbox) -> None:
    edit_conf(sandbox, 'shadow_languages = ["en", "es"]', 'shadow_languages = ["en", "xx"]')


def language_name(sandbox: Sandbox) -> None:
    edit_conf(sandbox, 'shadow_languages = ["en", "es"]', 'shadow_languages = ["english", "es"]')


def conf_syntax_error(sandbox: Sandbox) -> None:
    edit_conf(sandbox, 'shadow_reports = ["alpha"]', 'shadow_reports = ["alpha"')


def conf_raises(sandbox: Sandbox) -> None:
    append_conf(sandbox, "shadow_extra = 1 / 0\n")


# --- the .bib file -------------------------------------------------------------------------

GOOD_ENTRY = (
    "@book{good2007,\n  author = {MacDonald, Euan},\n  title = {A Title},\n"
    "  publisher = {UNESCO},\n  year = {2007},\n}\n"
)


def _bib(sandbox: Sandbox, text: str) -> None:
    append_conf(sandbox, 'bibtex_bibfiles = ["references.bib"]\n')
    (sandbox.root / "reports" / "references.bib").write_text(text, encoding="utf-8")
    add_page(
        sandbox, "sources", "# Sources\n\nAs shown {cite:p}`good2007`.\n\n```{bibliography}\n```\n"
    )


def bib_unclosed_entry(sandbox: Sandbox) -> None:
    _bib(sandbox, GOOD_ENTRY + "\n@book{bad2008,\n  author = {Someone,\n  title = {Broken},\n")


def bib_missing_brace(sandbox: Sandbox) -> None:
    _bib(sandbox, GOOD_ENTRY + "\n@misc{other,\n  title = {X} year = {2001}}\n")


def bib_repeated_key(sandbox: Sandbox) -> None:
    _bib(sandbox, GOOD_ENTRY + "\n" + GOOD_ENTRY)


# --- chart scripts -------------------------------------------------------------------------

BROKEN_CHART = '''"""A chart whose draw() fails."""

NEEDS = "collection"


def helper(data):
    return data.assessments[5]


def draw(data, _):
    return helper(data)


def describe(data, _):
    return "A chart."


def table(data, _):
    return ["a"], [["b"]]
'''


def _chart_on_two_pages(sandbox: Sandbox, script: str) -> None:
    (sandbox.root / "figures" / "broken.py").write_text(script, encoding="utf-8")
    add_page(sandbox, "charts", "# Charts\n\n```{chart} broken\nA caption.\n```\n")
    index = sandbox.page("alpha/index.md")
    index.write_text(
        index.read_text(encoding="utf-8") + "\n```{chart} broken\nAgain.\n```\n", encoding="utf-8"
    )


def chart_draw_raises(sandbox: Sandbox) -> None:
    _chart_on_two_pages(sandbox, BROKEN_CHART)


def chart_syntax_error(sandbox: Sandbox) -> None:
    _chart_on_two_pages(sandbox, 'NEEDS = "collection"\n\n\ndef draw(data, _)\n    return 1\n')


# --- declarations --------------------------------------------------------------------------


def _law_cited(sandbox: Sandbox, declaration: str) -> None:
    add_page(sandbox, "legal", f"# Legal framework\n\n{declaration}")
    add_page(
        sandbox,
        "findings",
        "# Findings\n\nThe Aliens Act {law}`ee-vms`.\n\n```{assessment} 25\n:in-law: partly\n"
        ":in-practice: partly\n:provisions: ee-vms, art. 10\n\nThe finding.\n```\n",
    )


def law_missing_reference(sandbox: Sandbox) -> None:
    _law_cited(sandbox, "```{law} ee-vms\n:title: Välismaalaste seadus\n:date: 2009-12-09\n```\n")


def law_bad_date(sandbox: Sandbox) -> None:
    _law_cited(
        sandbox,
        "```{law} ee-vms\n:title: Välismaalaste seadus\n:date: 9 December 2009\n"
        ":reference: RT I 2010, 3, 1\n```\n",
    )


def law_bad_id(sandbox: Sandbox) -> None:
    add_page(
        sandbox,
        "legal",
        "# Legal framework\n\n```{law} Aliens_Act\n:title: Välismaalaste seadus\n"
        ":reference: RT I 2010, 3, 1\n```\n",
    )


def _assessments(sandbox: Sandbox, *bodies: str) -> None:
    text = "# Findings\n"
    for body in bodies:
        text += f"\n```{{assessment}} {body}\n\nA finding.\n```\n"
    add_page(sandbox, "findings", text)


def rating_off_scale(sandbox: Sandbox) -> None:
    _assessments(sandbox, "25\n:in-law: excellent\n:in-practice: partly")


def unknown_article(sandbox: Sandbox) -> None:
    _assessments(sandbox, "120\n:in-law: partly\n:in-practice: partly")


def duplicate_assessment(sandbox: Sandbox) -> None:
    _assessments(
        sandbox,
        "25\n:in-law: partly\n:in-practice: partly",
        "25\n:in-law: conform\n:in-practice: partly",
    )


def reused_recommendation_id(sandbox: Sandbox) -> None:
    rec = "````{{recommendation}} EE-25-1\n:addressee: government\n:priority: high\n\n{}\n````\n"
    add_page(
        sandbox,
        "findings",
        "# Findings\n\n`````{assessment} 25\n:in-law: partly\n:in-practice: partly\n\n"
        "A finding.\n\n"
        + rec.format("One.")
        + "`````\n\n`````{assessment} 26\n:in-law: partly\n:in-practice: partly\n\nAnother.\n\n"
        + rec.format("Two.")
        + "`````\n",
    )


def unknown_country(sandbox: Sandbox) -> None:
    index = sandbox.page("alpha/index.md")
    index.write_text(
        index.read_text(encoding="utf-8").replace(":country: EE", ":country: XX"), encoding="utf-8"
    )


CASES: list[Case] = [
    Case(
        "author-unclosed-directive-fence",
        unclosed_note,
        EN,
        where=r"reports/alpha/notes\.md:3: ",
        says=r"fence ```\{note\} opened here is never closed.*close it with a line of ```",
    ),
    Case(
        "author-unclosed-assessment-fence",
        unclosed_assessment,
        EN,
        where=r"reports/alpha/findings\.md:5: ",
        says=r"```\{assessment\} opened here is never closed",
    ),
    Case(
        "author-unclosed-colon-fence",
        unclosed_colon_recommendation,
        EN,
        where=r"reports/alpha/findings\.md:9: ",
        says=r":::\{recommendation\} opened here is never closed",
    ),
    Case(
        "author-unclosed-fence-inside-directive",
        unclosed_inner_fence,
        EN,
        where=r"reports/alpha/notes\.md:6: ",
        says=r"```\{warning\} opened here is never closed",
    ),
    Case(
        "author-page-not-utf8",
        latin1_page,
        EN,
        where=r"reports/alpha/notes\.md:5: ",
        says=r"not UTF-8: byte 0xe9 at offset 25 .*save the file as UTF-8",
    ),
    Case(
        "author-page-cp1252-quote-in-title",
        cp1252_quote_in_title,
        EN,
        where=r"reports/alpha/index\.md:1: ",
        says=r"not UTF-8: byte 0x93 at offset 2\b",
    ),
    Case(
        "author-conf-unknown-language",
        unknown_language,
        EN,
        where=r"conf\.py:8: ",
        says=r"shadow_languages: unknown language 'xx'; use a language code",
        exit_code=2,
    ),
    Case(
        "author-conf-language-name-not-code",
        language_name,
        EN,
        where=r"conf\.py:8: ",
        says=r"unknown language 'english' \(did you mean 'en'\?\)",
        exit_code=2,
    ),
    Case(
        "author-conf-syntax-error",
        conf_syntax_error,
        EN,
        where=r"conf\.py:9: ",
        says=r"Python syntax error: '\[' was never closed",
        exit_code=2,
    ),
    Case(
        "author-conf-raises",
        conf_raises,
        EN,
        where=r"conf\.py:18: ",
        says=r"conf\.py raised ZeroDivisionError: division by zero",
        exit_code=2,
    ),
    Case(
        "author-bib-entry-never-closed",
        bib_unclosed_entry,
        EN,
        where=r"reports/references\.bib:8: ",
        says=r"syntax error: the entry @book\{bad2008 never ends; each entry is @type",
    ),
    Case(
        "author-bib-missing-brace",
        bib_missing_brace,
        EN,
        where=r"reports/references\.bib:9: ",
        says=r"syntax error: '\}' expected \(in the entry @misc\{other from line 8\)",
    ),
    Case(
        "author-bib-repeated-key",
        bib_repeated_key,
        EN,
        where=r"reports/references\.bib:8: ",
        says=r"the key good2007 is already used at line 1",
    ),
    Case(
        "author-chart-script-raises",
        chart_draw_raises,
        EN,
        where=r"figures/broken\.py:7: ",
        # once, not once per page, and naming both pages
        says=r"^(?!(?:.*?figures/broken\.py:7: ){2}).*draw\(\) raised IndexError: tuple index "
        r"out of range; used on \S*charts\.md:3, \S*alpha/index\.md:\d+",
    ),
    Case(
        "author-chart-script-syntax-error",
        chart_syntax_error,
        EN,
        where=r"figures/broken\.py:4: ",
        says=r"^(?!(?:.*?figures/broken\.py:4: ){2}).*importing it raised SyntaxError",
    ),
    Case(
        "author-law-missing-field",
        law_missing_reference,
        EN,
        where=r"reports/alpha/legal\.md:3: ",
        # the declaration's error comes before the pages citing the law
        says=r"legal\.md:3: .*missing required field 'reference'.*unknown law id 'ee-vms'",
    ),
    Case(
        "author-law-bad-date",
        law_bad_date,
        EN,
        where=r"reports/alpha/legal\.md:3: ",
        says=r"invalid date '9 December 2009': write it as YYYY-MM-DD.*unknown law id",
    ),
    Case(
        "author-law-bad-id",
        law_bad_id,
        EN,
        where=r"reports/alpha/legal\.md:3: ",
        says=r"invalid law id 'Aliens_Act'.*lower-case",
    ),
    Case(
        "author-assessment-rating-off-scale",
        rating_off_scale,
        EN,
        where=r"reports/alpha/findings\.md:3: ",
        says=r"rating 'excellent' is not on the scale.*valid: ",
    ),
    Case(
        "author-assessment-unknown-article",
        unknown_article,
        EN,
        where=r"reports/alpha/findings\.md:3: ",
        says=r"unknown article '120': the Convention has articles 1 to 93",
    ),
    Case(
        "author-assessment-duplicate",
        duplicate_assessment,
        EN,
        where=r"reports/alpha/findings\.md:10: ",
        says=r"article 25 is already assessed in this report, at \S*findings\.md:3",
    ),
    Case(
        "author-recommendation-id-reused",
        reused_recommendation_id,
        EN,
        where=r"reports/alpha/findings\.md:2\d: ",
        says=r"id EE-25-1 is already used at \S*findings\.md:\d+; ids are unique",
    ),
    Case(
        "author-report-unknown-country",
        unknown_country,
        EN,
        where=r"reports/alpha/index\.md:3: ",
        says=r"unknown country code 'XX'.*ISO 3166-1 alpha-2",
    ),
]
