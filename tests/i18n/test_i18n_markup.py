"""The markup extractor: examples of every kind, and properties checked with hypothesis."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.i18n.markup import KINDS, compare, tokens

SOURCE = (
    "Under {article}`25` and {law}`art. 36 <es-loex art. 36>`, see {ref}`the method <method>`,"
    " {doc}`../spain/index`, {term}`migrant worker`, [the BOE](https://www.boe.es),"
    " <https://www.ohchr.org>, `LOEX`, {{ edition }} and Organic Law 4/2000.[^es-loex]"
)


def test_tokens_of_every_kind() -> None:
    assert tokens(SOURCE) == {
        "role": {
            "{article}`25`": 1,
            "{law}`es-loex art. 36`": 1,
            "{ref}`method`": 1,
            "{doc}`../spain/index`": 1,
            "{term}`migrant worker`": 1,
        },
        "inline code": {"`LOEX`": 1},
        "substitution": {"{{ edition }}": 1},
        "footnote reference": {"[^es-loex]": 1},
        "link URL": {"https://www.boe.es": 1},
        "autolink": {"https://www.ohchr.org": 1},
        "number": {"4": 1, "2000": 1},  # not 25, 36 (inside roles), nor the label
    }


def test_a_role_name_in_inline_code_is_code_and_the_prose_after_it_is_words() -> None:
    source = "`{article}` links an article; `{law}` cites a law: `` {term}`migrant worker` ``."
    found = tokens(source)
    assert found["role"] == {"{term}`migrant worker`": 1}  # masked inside its code span
    assert {"`{article}`", "`{law}`"} < set(found["inline code"])
    translation = (
        "`{article}` enlaza un artículo; `{law}` cita una ley: `` {term}`migrant worker` ``."
    )
    assert compare(source, translation) == []
    assert compare(source, "`{articulo}` enlaza un artículo; `{law}` cita una ley.") != []


def test_a_faithful_translation_has_no_difference() -> None:
    translation = (
        "Según el {article}`25` y el {law}`artículo 36 <es-loex art. 36>`, véase {ref}`el "
        "método <method>`, {doc}`../spain/index`, {term}`trabajador migratorio <migrant "
        "worker>`, [el BOE](https://www.boe.es), <https://www.ohchr.org>, `LOEX`, "
        "{{ edition }} y la Ley Orgánica 4/2000.[^es-loex]"
    )
    assert compare(SOURCE, translation) == []


@pytest.mark.parametrize(
    ("translation", "kind", "message"),
    [
        ("{article}`26`", "role", "role: missing {article}`25`; not in the source {article}`26`"),
        ("{articulo}`25`", "role", "role: missing {article}`25`; not in the source {articulo}`25`"),
        ("{term}`trabajador migratorio`", "role", "role: missing {term}`migrant worker`; "
         "not in the source {term}`trabajador migratorio`"),
        ("[el BOE](https://boe.example)", "link URL", None),
        ("<https://www.ohchr.org/es>", "autolink", None),
        ("`LOEX 2`", "inline code", None),
        ("{{ edicion }}", "substitution", None),
        ("[^es-loex-2]", "footnote reference", None),
        ("Ley Orgánica 4/2001", "number", "number: missing 2000"),
    ],
)  # fmt: skip
def test_one_altered_piece_of_markup_is_one_difference(
    translation: str, kind: str, message: str | None
) -> None:
    original = {
        "role": "{article}`25`" if "{art" in translation else "{term}`migrant worker`",
        "link URL": "[the BOE](https://www.boe.es)",
        "autolink": "<https://www.ohchr.org>",
        "inline code": "`LOEX`",
        "substitution": "{{ edition }}",
        "footnote reference": "[^es-loex]",
        "number": "Organic Law 4/2000",
    }[kind]
    differences = compare(SOURCE, SOURCE.replace(original, translation))
    assert [d.kind for d in differences] == [kind]
    if message:
        assert differences[0].message() == message


def test_numbers_may_be_added_not_lost() -> None:
    assert compare("the sixtieth State", "el Estado número 60") == []
    assert compare("on 1 July 2003", "le 1er juillet 2003") == []  # "1er" is the number 1
    assert compare("ILO Convention C143", "Convenio de la OIT") == []  # C143 is a name
    assert [d.kind for d in compare("93 articles in 9 Parts", "93 artículos")] == ["number"]


def test_roles_with_backticks_inside_and_any_name() -> None:
    assert tokens("{code-role}``a `b` c``")["role"] == {"{code-role}`a `b` c`": 1}
    assert tokens("{py:func}`print`")["role"] == {"{py:func}`print`": 1}


def test_registry_names_are_unique() -> None:
    assert len({kind.name for kind in KINDS}) == len(KINDS)


# --- properties --------------------------------------------------------------------------

WORD = st.text(string.ascii_letters, min_size=1, max_size=8)
TARGET = st.text(string.ascii_letters + string.digits + "-./:_", min_size=1, max_size=12)
ROLE_NAME = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)


@st.composite
def roles(draw: st.DrawFn) -> tuple[str, str, str | None]:
    """(name, target, text): rendered ``{name}`target``` or ``{name}`text <target>```."""
    text = draw(st.none() | st.lists(WORD, min_size=1, max_size=3).map(" ".join))
    return draw(ROLE_NAME), draw(TARGET), text


def render_role(role: tuple[str, str, str | None]) -> str:
    name, target, text = role
    return f"{{{name}}}`{target}`" if text is None else f"{{{name}}}`{text} <{target}>`"


OTHER = st.one_of(
    WORD,
    st.integers(0, 10_000).map(str),
    WORD.map(lambda w: f"[^{w}]"),
    st.tuples(WORD, TARGET).map(lambda t: f"[{t[0]}](https://example.org/{t[1]})"),
    TARGET.map(lambda t: f"<https://example.org/{t}>"),
    WORD.map(lambda w: f"`{w}`"),
    WORD.map(lambda w: f"{{{{ {w} }}}}"),
)


@st.composite
def sources(draw: st.DrawFn) -> tuple[list[str], list[tuple[str, str, str | None]], list[int]]:
    """Segments of a source string with at least one role; where the roles are."""
    role_list = draw(st.lists(roles(), min_size=1, max_size=4))
    segments: list[str | tuple[str, str, str | None]] = [*draw(st.lists(OTHER, max_size=8))]
    for role in role_list:
        segments.insert(draw(st.integers(0, len(segments))), role)
    texts = [s if isinstance(s, str) else render_role(s) for s in segments]
    positions = [i for i, s in enumerate(segments) if not isinstance(s, str)]
    return texts, [s for s in segments if not isinstance(s, str)], positions


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_any_text_compared_with_itself_has_no_difference(text: str) -> None:
    assert compare(text, text) == []


@settings(max_examples=150, deadline=None)
@given(sources())
def test_any_msgid_compared_with_itself_has_no_difference(source) -> None:
    texts, _roles, _positions = source
    assert compare(" ".join(texts), " ".join(texts)) == []


@settings(max_examples=150, deadline=None)
@given(sources(), st.data())
def test_dropping_one_role_is_exactly_one_problem(source, data: st.DataObject) -> None:
    texts, _roles, positions = source
    drop = data.draw(st.sampled_from(positions))
    translation = " ".join(t for i, t in enumerate(texts) if i != drop)
    differences = compare(" ".join(texts), translation)
    assert [d.kind for d in differences] == ["role"]
    assert len(differences[0].missing) == 1 and differences[0].unexpected == ()


@settings(max_examples=150, deadline=None)
@given(sources(), st.data())
def test_altering_one_role_target_is_exactly_one_problem(source, data: st.DataObject) -> None:
    texts, role_list, positions = source
    index = data.draw(st.integers(0, len(positions) - 1))
    name, target, text = role_list[index]
    new_target = data.draw(TARGET.filter(lambda t: t != target))
    altered = list(texts)
    altered[positions[index]] = render_role((name, new_target, text))
    differences = compare(" ".join(texts), " ".join(altered))
    assert [d.kind for d in differences] == ["role"]
    assert len(differences[0].missing) == 1 and len(differences[0].unexpected) == 1


@settings(max_examples=150, deadline=None)
@given(sources(), st.data())
def test_translating_the_words_around_the_markup_is_no_problem(source, data) -> None:
    texts, _roles, _positions = source
    translated = [
        data.draw(WORD) if text.isalpha() else text  # plain words are translated
        for text in texts
    ]
    assert compare(" ".join(texts), " ".join(translated)) == []
