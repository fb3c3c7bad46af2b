"""Every YAML data file is checked against its JSON Schema at load, and a mistake is named
at its file and line, with what is valid (build_tools/model/yamldata.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.i18n.errors import I18nError
from build_tools.i18n.terminology import load_glossary
from build_tools.model import yamldata
from build_tools.model.convention import DATA as CONVENTION
from build_tools.model.convention import load_convention
from build_tools.model.ratification import DATA as RATIFICATIONS
from build_tools.model.ratification import load_ratifications, ratifications
from build_tools.word.pandoc import InputError
from build_tools.word.submission import PROFILE, load_profile

REPO = Path(__file__).resolve().parents[2]


def test_every_schema_is_a_valid_schema() -> None:
    names = sorted(
        p.name.removesuffix(".schema.json") for p in yamldata.SCHEMAS.glob("*.schema.json")
    )
    assert names == ["convention", "previous-edition", "ratifications", "submission", "terminology"]
    for name in names:
        yamldata.schema(name)  # check_schema raises otherwise


def test_the_shipped_files_are_valid() -> None:
    assert len(load_convention().articles) == 93
    assert len(ratifications()) == 60
    assert load_profile(PROFILE, "spain").chapters
    for language in ("es", "fr"):
        assert load_glossary(REPO / "locale" / language / "terminology.yaml").terms


def edited(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text
    target = tmp_path / source.name
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "kind: accession, verified: true, source: cmw-annex, european: false}",
            "kind: acession, verified: true, source: cmw-annex, european: false}",
            'parties[1].kind: "acession" is not valid; valid: ratification, accession, succession',
        ),  # noqa: E501
        ("iso: MX", "iso: mx", 'iso: "mx" is not valid; write the ISO 3166-1 alpha-2 code'),
        ("date: 2005-04-21", "date: 2005-04-31", "'2005-04-31': day is out of range for month"),
        ("date: 2005-04-21", "date: 2006-04-21", "Algeria: date 2006-04-21 is not in year 2005"),
        (
            "verified: true, source: cmw-annex, european: false}",
            "verified: yes please, source: cmw-annex, european: false}",
            "verified must be true or false",
        ),  # noqa: E501
    ],
)
def test_a_ratification_mistake_is_named_at_its_line(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    path = edited(tmp_path, RATIFICATIONS, old, new)
    with pytest.raises(yamldata.DataError) as caught:
        load_ratifications(path)
    assert caught.value.line == line_of(path, new)
    assert str(caught.value).startswith(f"{path}:{caught.value.line}: ")
    assert message in str(caught.value)


def test_a_ratification_count_that_does_not_match_the_list(tmp_path: Path) -> None:
    path = edited(tmp_path, RATIFICATIONS, "count: 60", "count: 61")
    with pytest.raises(yamldata.DataError, match=r":\d+: count is 61 but 60 parties"):
        load_ratifications(path)


def test_a_date_needs_a_known_source(tmp_path: Path) -> None:
    path = edited(tmp_path, RATIFICATIONS, "source: cmw-annex", "source: a-blog")
    with pytest.raises(yamldata.DataError, match='source: "a-blog" is not valid'):
        load_ratifications(path)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "{number: 9, scope: all",
            "{number: 9, scope: al",
            '"al" is not valid; valid: definitions, all',
        ),  # noqa: E501
        ("{number: 9, scope: all", "{number: 10, scope: all", "article 10 is entry 9"),
        (
            "subject: Right to life}",
            "subject: Right to life, note: x}",
            "unknown key(s) note; valid: number, scope, subject",
        ),  # noqa: E501
        ("    first_article: 36", "    first_article: 37", "Part IV covers articles 37 to 56"),
    ],
)
def test_a_catalogue_mistake_is_named_at_its_line(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    path = edited(tmp_path, CONVENTION, old, new)
    with pytest.raises(yamldata.DataError) as caught:
        load_convention(path)
    assert caught.value.line == line_of(path, new.strip())
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "terms: 5\n",
            1,
            "terms must be a mapping (key: value) or empty, not 5; it must map English terms",
        ),  # noqa: E501
        ("terms:\n  a: [b]\n  c: []\n", 3, "terms.c must not be empty"),
        ("terms:\n  a: [b, '  ']\n", 2, "every translation must be a non-empty text"),
        ("terms:\n  a: b\nproper: [x]\n", 3, "unknown key(s) proper; valid: proper_names, terms"),
        ("terms:\n  a: b\n  a: c\n", 3, "key 'a' given twice (first on line 2)"),
        ("terms:\n  a: [b\n  c: d\n", 3, "not valid YAML"),
    ],
)
def test_a_terminology_mistake_is_named_at_its_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = tmp_path / "terminology.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(I18nError) as caught:
        load_glossary(path)
    assert (caught.value.path, caught.value.line) == (path, line)
    assert message in caught.value.message


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "alpha:\n  contact: x\n  publishable: maybe\n",
            3,
            "alpha.publishable must be true or false",
        ),  # noqa: E501
        (
            "alpha:\n  contact: x\n  colour: red\n",
            3,
            "alpha: unknown key(s) colour; valid: chapters",
        ),  # noqa: E501
        (
            "default:\n  contact: a\n  publishable: true\n  date: 1/2/26\n",
            4,
            "write it as YYYY-MM-DD",
        ),  # noqa: E501
        ("alpha:\n  publishable: true\n", 2, "no contact for 'alpha'"),
        ("Alpha Report:\n  contact: x\n", 1, "key \"Alpha Report\" is not valid; use 'default'"),
    ],
)
def test_a_submission_profile_mistake_is_named_at_its_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = tmp_path / "submission.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_profile(path, "alpha")
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert message in str(caught.value)


def test_a_data_file_that_is_not_utf8_is_named_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "terminology.yaml"
    path.write_bytes("terms:\n  a: [b]\n  c: [é]\n".encode("latin-1"))
    with pytest.raises(I18nError) as caught:
        load_glossary(path)
    assert (caught.value.line, caught.value.message) == (
        3,
        "not valid UTF-8: save the file as UTF-8",
    )
