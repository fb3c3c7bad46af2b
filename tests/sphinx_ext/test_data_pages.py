"""What of a page can change the collected data (the data pages are re-read only then)."""

from __future__ import annotations

from build_tools.sphinx_ext.data_pages import declared_text

PAGE = """# Part III

Some prose about article 25.

```{assessment}
:article: 25
:in-law: largely

A finding.
```

## Article 26

:::{note}
Not data.
:::
"""


def test_prose_and_other_directives_are_not_declared_text():
    declared = declared_text(PAGE)
    assert "A finding." in declared and ":in-law: largely" in declared
    assert "# Part III" in declared and "## Article 26" in declared
    assert "Some prose" not in declared and "Not data." not in declared
    moved = PAGE.replace("Some prose about article 25.", "Other prose.\n\nAnd more.")
    assert declared_text(moved) == declared  # prose edits, lines shifted: the same
    rated = PAGE.replace(":in-law: largely", ":in-law: partially")
    assert declared_text(rated) != declared


def test_a_nested_fence_does_not_end_the_block():
    page = "````{assessment}\n:article: 1\n\n```{note}\ninner\n```\n\nafter\n````\nprose\n"
    declared = declared_text(page)
    assert "after" in declared and "prose" not in declared
