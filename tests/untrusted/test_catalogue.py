"""Every case of the catalogue of hostile and broken inputs (see ``harness.py``)."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

from tests.untrusted.harness import Case, assert_case, make_sandbox, run


def _cases() -> list[Case]:
    package = Path(__file__).parent
    cases: list[Case] = []
    for module in sorted(pkgutil.iter_modules([str(package)]), key=lambda m: m.name):
        if module.name.startswith("cases_"):
            cases += importlib.import_module(f"tests.untrusted.{module.name}").CASES
    return cases


CASES = _cases()


def test_the_catalogue_is_large_and_every_id_unique():
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 60


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_gets_one_located_line_and_leaks_nothing(case: Case, tmp_path):
    sandbox = make_sandbox(tmp_path)
    line = case.setup(sandbox)
    assert_case(sandbox, case, run(sandbox, case), line)
