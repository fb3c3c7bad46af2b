"""Missing fields are named the same way for every kind of declaration."""

import pytest

from build_tools.model.assessment import parse_recommendation
from build_tools.model.errors import ModelError
from build_tools.model.law import parse_instrument


def test_law_without_reference_names_required_and_optional_fields():
    with pytest.raises(ModelError) as info:
        parse_instrument("es-loex", "ES", {"title": "Ley Orgánica 4/2000"})
    assert str(info.value) == (
        "missing required field 'reference' (required: title, reference; "
        "optional: short, date, url, eli, status, replaced-by)"
    )
    assert info.value.field == "reference"


def test_recommendation_without_priority():
    with pytest.raises(
        ModelError,
        match=r"missing required field 'priority' \(required: "
        r"addressee, priority\)$",
    ):
        parse_recommendation("ES-25-1", {"addressee": "government"})
